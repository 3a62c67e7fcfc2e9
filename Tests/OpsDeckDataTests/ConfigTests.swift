import Foundation
import Testing
@testable import OpsDeckCore
@testable import OpsDeckData

@Suite struct StoreProfileFile {
    @Test func valuesAndUnits() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        write("""
        name = "云裳女装"
        timezone = "Asia/Shanghai"
        operators = ["小王", "小李"]
        mystery = 1

        [targets]
        daily_gmv = 60000
        conversion_rate = "3.5%"
        ctr = 0.03
        roi = 3

        [thresholds]
        low_stock_days = 5
        swing_pct = "50%"
        low_balance = 800
        title_max_bytes = 30
        inquiry_conversion_warn_pct = 70

        [diagnosis]
        min_change_pct = 25
        min_money = 50
        min_clicks = 10
        refund_settle_days = 14

        [bids]
        max_bid = 8.5
        bid_step = "¥0.10"
        confirm_change_over = 25
        max_change_pct = 40
        cooldown_hours = 12
        margin = "35%"
        min_clicks = 50
        require_approval_over = "30%"

        [bids.margins]
        "650000001003" = "50%"
        "650000008922" = 2
        """, to: dir, "store.toml")
        let d = load(dir)
        #expect(d.profile.name == "云裳女装")
        #expect(d.profile.operators == ["小王", "小李"])
        #expect(d.profile.targets.dailyGMV == 6_000_000)
        #expect(d.profile.targets.conversionRate == 0.035)
        #expect(d.profile.targets.ctr == 0.03)
        #expect(d.profile.targets.roi == 3)
        #expect(d.profile.thresholds.lowStockDays == 5)
        #expect(d.profile.thresholds.couponExpiryHours == 24)        // default kept
        #expect(d.profile.thresholds.swing == 0.5 && d.profile.thresholds.lowBalance == 80_000)
        #expect(d.profile.thresholds.titleMaxBytes == 30 && d.profile.thresholds.inquiryConversionWarn == 0.7)
        #expect(d.profile.thresholds.budgetWarn == 0.9)                // default kept
        #expect(d.profile.diagnosis.minChange == 0.25 && d.profile.diagnosis.minMoney == 5_000 && d.profile.diagnosis.minClicks == 10)
        #expect(d.profile.diagnosis.refundSettleDays == 14 && d.profile.diagnosis.minSpend == 3_000)   // default kept
        #expect(d.profile.bids.maxBid == 850)
        #expect(d.profile.bids.bidStep == 10)
        #expect(d.profile.bids.confirmChangeOver == 0.25)
        #expect(d.profile.bids.maxChange == 0.4 && d.profile.bids.cooldownHours == 12 && d.profile.bids.margin == 0.35 && d.profile.bids.minClicks == 50)
        #expect(abs(d.profile.bids.breakEvenROI - 1 / 0.35) < 1e-12)
        #expect(d.profile.bids.approvalOverShare == 0.3 && d.profile.bids.approvalOverAmount == nil)
        #expect(d.profile.bids.itemMargins == ["650000001003": 0.5])
        #expect(d.profile.bids.breakEvenROI(item: "650000001003") == 2 && abs(d.profile.bids.breakEvenROI(item: "other") - 1 / 0.35) < 1e-12)
        #expect(d.profile.bids.needsApproval(old: 100, new: 131) && !d.profile.bids.needsApproval(old: 100, new: 130))
        #expect(notes(d) == ["store.toml: mystery: unknown setting ignored"])
        #expect(d.issues.contains { $0.description.contains("bids.margins.650000008922: a gross margin is a fraction between 0 and 1") })
    }

    @Test func theStoreCannotLoosenThePlatformRules() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        write("[bids]\nmax_bid = 120\n", to: dir, "store.toml")
        let d = load(dir)
        #expect(d.profile.bids.maxBid == nil)
        #expect(errors(d) == ["store.toml: bids.max_bid: must be between ¥0.05 and ¥99.99; ignored"])
    }

    @Test func theSharedStateAndTheDigestSchedule() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        write("""
            name = "云裳"
            store_id = "yunshang-tmall"
            state = "postgres://alice@db.example/opsdeck"
            [digest]
            times = ["18:30", "12:00", "25:00", "noon"]
            post = "https://oapi.dingtalk.com/robot/send?access_token=x"
            robot = "wechat"
            """, to: dir, "store.toml")
        let d = load(dir)
        #expect(d.profile.storeID == "yunshang-tmall" && d.profile.state == "postgres://alice@db.example/opsdeck")
        #expect(StateLocation.storeID(d.profile) == "yunshang-tmall")
        #expect(d.profile.digest.times == [12 * 60, 18 * 60 + 30])
        #expect(d.profile.digest.post == "https://oapi.dingtalk.com/robot/send?access_token=x" && d.profile.digest.robot == nil)
        #expect(errors(d) == ["store.toml: digest.times: \"25:00\" is not a time of day (HH:MM); left out",
                              "store.toml: digest.times: \"noon\" is not a time of day (HH:MM); left out",
                              "store.toml: digest.robot: expected dingtalk or feishu; the address decides"])
        // The flag beats the environment, which beats the file; the name stands in for store_id.
        #expect(StateLocation.address(flag: "postgres://f@h/d", profile: d.profile, environment: ["OPSDECK_STATE": "postgres://e@h/d"]) == "postgres://f@h/d")
        #expect(StateLocation.address(flag: nil, profile: d.profile, environment: ["OPSDECK_STATE": "postgres://e@h/d"]) == "postgres://e@h/d")
        #expect(StateLocation.address(flag: nil, profile: d.profile, environment: [:]) == "postgres://alice@db.example/opsdeck")
        #expect(StateLocation.address(flag: nil, profile: StoreProfile(), environment: [:]) == nil)
        var p = StoreProfile(); p.name = "店"
        #expect(StateLocation.storeID(p) == "店")
    }

    @Test func aBrokenFileIsReportedWithItsLineAndDefaultsStand() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        write("name = \"ok\"\n[targets\nroi = 3\n", to: dir, "store.toml")
        let d = load(dir)
        #expect(d.profile == StoreProfile())
        #expect(errors(d).count == 1)
        #expect(errors(d)[0].hasPrefix("store.toml:2: column "))
    }
}

@Suite struct ScheduleFile {
    @Test func theBuiltInDayWhenThereIsNoFile() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let d = load(dir)
        #expect(d.schedule == Schedule.builtIn)
        #expect(d.schedule.blocks.first?.start.description == "08:00")
        #expect(d.schedule.blocks.last?.end.description == "17:30")
        #expect(d.schedule.block(at: 11 * 60 + 15)?.id == "promotion")
        #expect(d.schedule.block(at: 12 * 60 + 30) == nil)   // lunch
    }

    @Test func aStoreOwnDay() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        write("""
        [[block]]
        start = "09:00"
        end = "10:00"
        title = "Morning numbers"
        pane = "diagnosis"
        tasks = ["Check GMV", { id = "ads", title = "Check ads", title_zh = "看推广" }]

        [[block]]
        start = "09:30"
        end = "09:00"
        title = "Broken"
        """, to: dir, "schedule.toml")
        let d = load(dir)
        #expect(d.schedule.blocks.count == 1)
        #expect(d.schedule.blocks[0].id == "morning-numbers")
        #expect(d.schedule.blocks[0].tasks.map(\.id) == ["check-gmv", "ads"])
        #expect(d.schedule.blocks[0].tasks[1].titleZH == "看推广")
        #expect(errors(d) == ["schedule.toml: block[2]: needs start and end as HH:MM with start before end; block skipped"])
    }
}

@Suite struct GoalSettings {
    @Test func goalsAreReadInTheirMetricsUnitAndBadOnesNamed() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        write("""
        name = "云裳女装"

        [[goals]]
        name = "主图点击率 6%"
        metric = "main_image_ctr"
        item = "6011"
        target = "6%"
        deadline = 2026-11-27

        [[goals]]
        metric = "paid_amount"
        target = 80000
        deadline = "2026-12-01"

        [[goals]]
        metric = "happiness"
        target = 1
        deadline = 2026-12-01

        [[goals]]
        metric = "roi"
        item = "6011"
        target = 3
        deadline = 2026-12-01

        [[goals]]
        metric = "cpc"
        target = 1.2
        deadline = "next week"
        """, to: dir, "store.toml")
        let d = load(dir)
        let goals = d.profile.goals
        #expect(goals.count == 2)
        #expect(goals[0].metric == .mainImageCTR && goals[0].target == 0.06 && goals[0].item == "6011" && goals[0].name == "主图点击率 6%")
        #expect(goals[0].deadline == LocalDate(year: 2026, month: 11, day: 27))
        #expect(goals[1].metric == .paidAmount && goals[1].target == 8_000_000)       // yuan in the file, fen inside
        let why = d.issues.map(\.description)
        #expect(why.contains { $0.contains("goals[3].metric") && $0.contains("unknown metric \"happiness\"") })
        #expect(why.contains { $0.contains("goals[4].item") && $0.contains("store figure") })
        #expect(why.contains { $0.contains("goals[5].deadline") })
    }
}

@Suite struct ApprovalSetting {
    @Test func anAmountOrAPercentage() {
        let dir = temporaryDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        write("[bids]\nrequire_approval_over = \"¥0.50\"\n", to: dir, "store.toml")
        let d = load(dir)
        #expect(d.profile.bids.approvalOverAmount == 50 && d.profile.bids.approvalOverShare == nil)
        #expect(d.profile.bids.needsApproval(old: 100, new: 151) && !d.profile.bids.needsApproval(old: 100, new: 150))
        write("[bids]\nrequire_approval_over = 2\n", to: dir, "store.toml")
        #expect(load(dir).profile.bids.approvalOverAmount == 200)
    }
}
