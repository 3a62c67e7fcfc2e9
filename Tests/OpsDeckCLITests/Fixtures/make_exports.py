#!/usr/bin/env python3
"""Writes the committed import fixtures: export-shaped files made from a demo directory's
records, in the containers, encodings and value forms of the platforms' real downloads
(../shared/exports.md): .xls with notes above the header (xlwt, BIFF8), .xlsx with shared
strings, numbers and date serials (written by hand: zipfile + XML), a zip of GB18030 CSV,
GBK order lists with ="…" numbers and personal columns, a UTF-8-with-BOM CSV with CRLF.

Regenerate (from the repository root, needs `pip install xlwt`):
    swift run opsdeck demo /tmp/fx --seed 7 --days 10 --orders-per-day 30 --at "2026-11-20 11:20"
    python3 Tests/OpsDeckCLITests/Fixtures/make_exports.py /tmp/fx Tests/OpsDeckCLITests/Fixtures/exports
The tests make the same demo and compare `opsdeck kpi --json` before and after a round trip.
"""
import csv, io, os, sys, zipfile, datetime
import xlwt

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)

# The demo writes some files with the contract's Chinese headers (and cs_daily in GB18030).
ALIASES = {"退款编号": "refund_id", "订单编号": "order_id", "商品ID": "item_id", "申请时间": "created_at", "退款金额": "amount",
           "退款原因": "reason", "退款状态": "status", "是否小二介入": "dispute", "判责": "ruling", "日期": "date", "客服": "agent",
           "首次上线": "first_online_at", "最后在线": "last_online_at", "在线时长(分钟)": "online_minutes", "咨询人数": "consultations",
           "首次响应时长": "first_response_seconds", "平均响应时长": "avg_response_seconds", "询单人数": "inquiry_buyers",
           "询单支付人数": "inquiry_paid_buyers", "10分钟未响应次数": "slow_responses"}

def rows(name):
    raw = open(os.path.join(src, name), "rb").read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    reader = csv.reader(io.StringIO(text))
    header = [ALIASES.get(h.strip(), h.strip()) for h in next(reader)]
    return [dict(zip(header, r)) for r in reader if r]

def money(v):      # ¥ and thousands, as 生意参谋 shows them
    return "" if v == "" else "{:,.2f}".format(float(v))

def pct(num, den):
    return "-" if den in ("", "0") or num == "" else "{:.2f}%".format(100 * float(num) / float(den))

NOTES = [["店铺名称：云裳女装旗舰店"], ["统计时间：2026-11-11 ~ 2026-11-20"], ["说明：数据来源于生意参谋，仅供参考"], []]

def write_xls(path, sheets):
    wb = xlwt.Workbook(encoding="utf-8")
    for title, table in sheets:
        ws = wb.add_sheet(title)
        for r, row in enumerate(table):
            for c, v in enumerate(row):
                ws.write(r, c, v)
    wb.save(path)

def col(n):
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s

def write_xlsx(path, sheets, truncate=False):
    """Each cell: str → shared string; ('inline', s) → inline string; int/float → number."""
    strings, index = [], {}
    def sst(s):
        if s not in index:
            index[s] = len(strings); strings.append(s)
        return index[s]
    sheet_xml = []
    for title, table in sheets:
        x = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
        for r, row in enumerate(table, start=1):
            x.append(f'<row r="{r}">')
            for c, v in enumerate(row):
                ref = f"{col(c)}{r}"
                if v is None or v == "":
                    continue                      # empty cells are simply absent
                if isinstance(v, tuple):
                    t = v[1].replace("&", "&amp;").replace("<", "&lt;")
                    x.append(f'<c r="{ref}" t="inlineStr"><is><t>{t}</t></is></c>')
                elif isinstance(v, (int, float)):
                    x.append(f'<c r="{ref}"><v>{v}</v></c>')
                else:
                    x.append(f'<c r="{ref}" t="s"><v>{sst(v)}</v></c>')
            x.append("</row>")
        x.append("</sheetData></worksheet>")
        sheet_xml.append((title, "".join(x)))
    sst_xml = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">']
    for s in strings:
        sst_xml.append("<si><t>" + s.replace("&", "&amp;").replace("<", "&lt;") + "</t></si>")
    sst_xml.append("</sst>")
    wb = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>']
    for i, (title, _) in enumerate(sheet_xml, start=1):
        wb.append(f'<sheet name="{title}" sheetId="{i}" r:id="rId{i}"/>')
    wb.append("</sheets></workbook>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", "".join(wb))
        z.writestr("xl/sharedStrings.xml", "".join(sst_xml))
        for i, (_, xml) in enumerate(sheet_xml, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", xml)
    data = buf.getvalue()
    with open(path, "wb") as f:
        f.write(data[: len(data) // 2] if truncate else data)

def serial(ts):   # Excel's date serial of a local time
    t = datetime.datetime.strptime(ts, "%Y-%m-%d %H:%M:%S" if len(ts) > 16 else "%Y-%m-%d %H:%M")
    d = t - datetime.datetime(1899, 12, 30)
    return round(d.days + d.seconds / 86400, 8)

# 1. 生意参谋 shop by day, .xls, four rows of notes above the header.
store = rows("store_daily.csv")
head = ["统计日期", "访客数", "浏览量", "平均停留时长", "跳失率", "支付买家数", "支付子订单数", "支付件数", "支付金额",
        "加购人数", "收藏人数", "支付新买家数", "支付老买家数", "成功退款金额", "支付转化率", "客单价"]
table = NOTES + [head]
for r in store:
    if r["hour"]:
        continue
    table.append([r["date"].replace("-", "/"), r["uv"], r["pv"], r["avg_stay_seconds"], r["bounce_rate"], r["paid_buyers"], r["paid_orders"],
                  r["paid_units"], money(r["paid_amount"]), r["cart_buyers"], r["favorite_buyers"], r["new_buyers"], r["returning_buyers"],
                  money(r["refund_amount"]), pct(r["paid_buyers"], r["uv"]), "-"])
write_xls(os.path.join(out, "【生意参谋平台】店铺_整体_2026-11-11_2026-11-20.xls"), [("店铺整体", table)])

# 2. The hourly (实时) export: UTF-8 with BOM, CRLF, 时段 as "08:00-09:00".
with open(os.path.join(out, "【生意参谋平台】店铺_实时_每小时.csv"), "w", encoding="utf-8-sig", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["统计日期", "时段", "访客数", "浏览量", "支付买家数", "支付子订单数", "支付件数", "支付金额", "加购人数", "收藏人数"])
    for r in store:
        if r["hour"]:
            h = int(r["hour"])
            w.writerow([r["date"], f"{h:02d}:00-{(h + 1) % 24:02d}:00", r["uv"], r["pv"], r["paid_buyers"], r["paid_orders"],
                        r["paid_units"], money(r["paid_amount"]), r["cart_buyers"], r["favorite_buyers"]])

# 3. 生意参谋 items by day: the last day alone (its day only in the file name), the rest
#    with 统计日期, in a workbook whose first sheet is notes.
items = rows("product_daily.csv")
ihead = ["商品ID", "商品名称", "商品访客数", "商品浏览量", "支付买家数", "支付件数", "支付金额", "商品加购人数", "商品收藏人数", "搜索曝光量", "搜索点击量"]
last = max(r["date"] for r in items)
def item_row(r):
    return [r["item_id"], ("inline", "商品 " + r["item_id"]), int(r["uv"] or 0), int(r["pv"] or 0), int(r["paid_buyers"] or 0),
            int(r["paid_units"] or 0), float(r["paid_amount"] or 0), int(r["cart_buyers"] or 0), int(r["favorite_buyers"] or 0),
            int(r["search_impressions"] or 0), int(r["search_clicks"] or 0)]
write_xlsx(os.path.join(out, f"【生意参谋平台】商品_全部_{last}_{last}.xlsx"),
           [("说明", [["本表为商品效果明细"], ["统计日期：" + last]]), ("商品效果", [["店铺：云裳女装旗舰店"], [], ihead] + [item_row(r) for r in items if r["date"] == last])])
write_xlsx(os.path.join(out, "【生意参谋平台】商品_全部_近10天.xlsx"),
           [("商品效果", [["统计日期"] + ihead] + [[serial(r["date"] + " 00:00")] + item_row(r) for r in items if r["date"] != last])])

# 4. The keyword report: GB18030 CSV in a zip, a title line above the header, derived columns.
kw = rows("keyword_daily.csv")
words = {r["keyword_id"]: r for r in rows("keywords.csv")}
b = io.StringIO()
w = csv.writer(b, lineterminator="\r\n")
w.writerow(["关键词报表（实时）"])
w.writerow(["日期", "小时", "计划ID", "关键词ID", "关键词", "宝贝ID", "展现量", "点击量", "点击率", "花费", "平均点击花费", "总成交笔数", "总成交金额", "投入产出比", "总收藏数", "总购物车数"])
for r in kw:
    k = words.get(r["keyword_id"], {})
    w.writerow([r["date"].replace("-", ""), r["hour"], k.get("campaign_id", ""), r["keyword_id"], k.get("word", ""), k.get("item_id", ""),
                r["impressions"], r["clicks"], pct(r["clicks"], r["impressions"]), r["cost"], "-", r["orders"], r["revenue"], "-", r["favorites"], r["carts"]])
with zipfile.ZipFile(os.path.join(out, "关键词报表_20261120_150102.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("关键词报表_20261120_150102.csv", b.getvalue().encode("gb18030"))

# 5. The classic order export, GBK: the list (="…" numbers, personal columns) and the detail.
orders = rows("orders.csv")
status = {"WAIT_BUYER_PAY": "等待买家付款", "WAIT_SELLER_SEND_GOODS": "买家已付款，等待卖家发货", "WAIT_BUYER_CONFIRM_GOODS": "卖家已发货，等待买家确认",
          "TRADE_FINISHED": "交易成功", "TRADE_CLOSED": "交易关闭"}
with open(os.path.join(out, "ExportOrderList202611201530.csv"), "w", encoding="gbk", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["订单编号", "买家会员名", "买家支付宝账号", "买家实际支付金额", "订单状态", "收货人姓名", "收货地址", "联系手机",
                "订单创建时间", "订单付款时间", "发货时间", "宝贝标题"])
    for i, r in enumerate(orders):
        w.writerow([f'="{r["order_id"]}"', r["buyer_id"], f"buyer{i}@example.com", r["amount"], status[r["status"]], "张三",
                    "浙江省杭州市西湖区文三路 100 号", "'13800000000", r["created_at"], r["paid_at"], r["shipped_at"], "连衣裙"])
with open(os.path.join(out, "ExportOrderDetailList202611201530.csv"), "w", encoding="gbk", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["主订单编号", "商品ID", "标题", "价格", "购买数量", "外部系统编号"])
    for r in orders:
        w.writerow([f'="{r["order_id"]}"', r["item_id"], "连衣裙", r["amount"], r["quantity"], ""])

# 6. Refunds, .xlsx: application times as date serials, statuses and 是/否 in Chinese.
refunds = rows("refunds.csv")
rstatus = {"WAIT_SELLER_AGREE": "等待卖家同意退款", "WAIT_BUYER_RETURN_GOODS": "等待买家退货", "WAIT_SELLER_CONFIRM_GOODS": "等待卖家确认收货",
           "SELLER_REFUSE_BUYER": "卖家拒绝退款", "CLOSED": "退款关闭", "SUCCESS": "退款成功"}
def chinese_status(v):
    return rstatus.get(v, v)
rt = [["退款编号", "订单编号", "商品ID", "退款申请时间", "退款金额", "退款原因", "退款状态", "是否小二介入", "判责", "买家退款说明"]]
for r in refunds:
    rt.append([r["refund_id"], r["order_id"], r["item_id"], serial(r["created_at"]), float(r["amount"]), r["reason"],
               chinese_status(r["status"]), r["dispute"] if r["dispute"] in ("是", "否") else ("是" if r["dispute"] in ("yes", "true") else "否"),
               {"buyer": "买家", "seller": "卖家"}.get(r["ruling"], r["ruling"]), "衣服收到后发现不合身，联系电话 13900000000"])
write_xlsx(os.path.join(out, "退款管理_20261120.xlsx"), [("Sheet1", rt)])

# 7. Customer-service performance, .xls.
cs = rows("cs_daily.csv")
ct = [["日期", "旺旺", "首次上线时间", "最后下线时间", "在线时长(分钟)", "咨询人数", "首次响应时长(秒)", "平均响应时长(秒)", "询单人数", "询单→最终付款人数", "10分钟未回复次数", "询单转化率"]]
for r in cs:
    ct.append([r["date"], r["agent"], r["first_online_at"], r["last_online_at"], r["online_minutes"], r["consultations"], r["first_response_seconds"],
               r["avg_response_seconds"], r["inquiry_buyers"], r["inquiry_paid_buyers"], r["slow_responses"], pct(r["inquiry_paid_buyers"], r["inquiry_buyers"])])
write_xls(os.path.join(out, "客服绩效_2026-11-14_2026-11-20.xls"), [("客服绩效", ct)])

# What must be refused: a login page saved as .xls, an empty file, a truncated workbook.
hostile = os.path.join(out, "..", "refused")
os.makedirs(hostile, exist_ok=True)
with open(os.path.join(hostile, "【生意参谋平台】店铺_整体_登录过期.xls"), "w", encoding="utf-8") as f:
    f.write('<!DOCTYPE html><html><head><title>登录 - 淘宝网</title></head><body>请登录</body></html>\n')
open(os.path.join(hostile, "空文件.csv"), "w").close()
write_xlsx(os.path.join(hostile, "退款管理_截断.xlsx"), [("Sheet1", rt)], truncate=True)
with open(os.path.join(out, "【生意参谋平台】店铺_整体_2026-11-11_2026-11-20.xls"), "rb") as f:
    xls = f.read()
with open(os.path.join(hostile, "客服绩效_截断.xls"), "wb") as f:
    f.write(xls[:1024])
