import OpsDeckCore

/// The demo store's fixed cast: a women's clothing shop with its items, keywords, people
/// and competitors. Only the numbers are random.
enum DemoCatalog {
    struct Item { let title: String; let category: String; let priceFen: Int64; let role: ProductRole; let weight: Double }

    static let storeName = "云裳女装旗舰店"
    static let operators = ["小王", "小李"]

    static let items: [Item] = [
        Item(title: "秋冬新款高领羊毛针织连衣裙女修身显瘦中长款打底裙", category: "女装/连衣裙", priceFen: 29_900, role: .profit, weight: 9),
        Item(title: "法式复古碎花连衣裙", category: "女装/连衣裙", priceFen: 15_900, role: .traffic, weight: 14),
        Item(title: "小香风粗花呢外套女短款秋冬气质名媛上衣新款2026年流行百搭", category: "女装/外套", priceFen: 39_900, role: .image, weight: 4),
        Item(title: "加厚羊羔毛卫衣女", category: "女装/卫衣", priceFen: 12_900, role: .traffic, weight: 16),
        Item(title: "高腰阔腿牛仔裤女直筒宽松垂感", category: "女装/牛仔裤", priceFen: 13_900, role: .traffic, weight: 13),
        Item(title: "双面羊绒大衣女中长款", category: "女装/大衣", priceFen: 89_900, role: .image, weight: 2),
        Item(title: "100%桑蚕丝衬衫女长袖", category: "女装/衬衫", priceFen: 35_900, role: .profit, weight: 5),
        Item(title: "针织开衫女春秋薄款", category: "女装/毛衣", priceFen: 9_900, role: .traffic, weight: 15),
        Item(title: "半身裙女秋冬A字中长款", category: "女装/半身裙", priceFen: 15_900, role: .profit, weight: 7),
        Item(title: "羽绒服女短款白鸭绒面包服", category: "女装/羽绒服", priceFen: 49_900, role: .profit, weight: 6),
        Item(title: "打底衫女内搭长袖T恤", category: "女装/T恤", priceFen: 5_900, role: .traffic, weight: 18),
        Item(title: "西装外套女宽松休闲", category: "女装/西装", priceFen: 26_900, role: .profit, weight: 5),
        Item(title: "灯芯绒衬衫外套女🍂秋季", category: "女装/衬衫", priceFen: 16_900, role: .profit, weight: 6),
        Item(title: "去年款毛呢半裙 清仓", category: "女装/半身裙", priceFen: 6_900, role: .clearance, weight: 4),
        Item(title: "夏季雪纺连衣裙（仓库中）", category: "女装/连衣裙", priceFen: 12_900, role: .clearance, weight: 0),
        Item(title: "针织马甲背心女叠穿", category: "女装/毛衣", priceFen: 8_900, role: .traffic, weight: 8),
    ]

    static let keywordWords: [[String]] = [
        ["连衣裙女秋冬", "针织连衣裙", "羊毛连衣裙", "高领连衣裙", "碎花连衣裙", "法式连衣裙", "连衣裙显瘦", "打底裙", "中长款连衣裙", "复古连衣裙", "秋冬裙子", "长袖连衣裙", "修身连衣裙", "气质连衣裙"],
        ["羊羔毛卫衣", "加厚卫衣女", "阔腿牛仔裤", "高腰牛仔裤", "直筒牛仔裤", "针织开衫", "开衫女", "打底衫女", "内搭长袖", "马甲背心", "卫衣女宽松", "牛仔裤女秋"],
        ["羊绒大衣", "双面呢大衣", "小香风外套", "羽绒服女短款", "面包服", "西装外套女", "真丝衬衫", "桑蚕丝衬衫", "大衣女中长款", "白鸭绒羽绒服"],
    ]
    /// Which item each keyword group promotes, cycling through these.
    static let keywordItems: [[Int]] = [[0, 1, 8], [3, 4, 7, 10, 15], [5, 2, 9, 11, 6]]

    static let campaigns: [(name: String, channel: AdChannel, budgetYuan: Int64?, schedule: String)] = [
        ("连衣裙-搜索主推", .throughTrain, 300, "00:00-07:00:30,07:00-12:00:100,12:00-18:00:110,18:00-24:00:120"),
        ("引流款-日常", .throughTrain, 200, "00:00-08:00:50,08:00-24:00:100"),
        ("高客单-外套", .throughTrain, 150, "00:00-09:00:40,09:00-23:00:100,23:00-24:00:60"),
        ("全店-人群拉新", .display, 500, ""),
    ]

    static let refundReasons = ["尺码不合适", "七天无理由", "质量问题", "与描述不符", "颜色/款式不喜欢", "发错货", "物流太慢"]
    static let refundReasonWeights: [Double] = [30, 25, 12, 10, 12, 4, 7]

    static let goodReviews = ["质量很好，版型正，穿着很显瘦", "面料舒服，颜色和图片一样", "物流很快，客服态度好", "第二次买了，一如既往的好", "很喜欢，推荐！"]
    static let neutralReviews = ["还行吧，有点起球", "尺码偏大一码", "颜色比图片暗一点"]
    static let badReviews = ["洗了一次就缩水了，差评", "线头很多，做工粗糙", "和图片完全不一样，退货还不给运费险", "发错颜色了，客服也不回"]

    static let questions = ["这件会起球吗？", "160cm 55kg 穿什么码？", "洗了会缩水吗？", "面料厚不厚，冬天能穿吗？", "有没有色差？", "领口紧不紧？", "适合梨形身材吗？"]

    static let agents = ["客服-小美", "客服-阿杰", "客服-甜甜", "客服-大鹏"]
    static let designers = ["美工-小陈", "美工-Lily"]
    static let affiliates = ["穿搭日记", "省钱小能手", "女装好物推荐官", "学生党福利社", "宝妈优选"]
    static let competitors: [(shop: String, item: String, priceFen: Int64)] = [
        ("衣橱物语旗舰店", "高领针织连衣裙", 27_900), ("ELF女装", "法式碎花裙", 16_900), ("暖冬优品", "羊羔毛卫衣", 11_900),
    ]
    static let trafficSources = ["手淘搜索", "手淘推荐", "直通车", "超级推荐", "淘宝直播"]
}
