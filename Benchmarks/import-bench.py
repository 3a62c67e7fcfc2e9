#!/usr/bin/env python3
"""opsdeck import on large real-shaped exports, release build, this machine.

1. A 1,000,000-row GBK order export (ExportOrderList shape: ="…" order numbers, Chinese
   statuses, personal columns) into an empty directory: wall clock and peak memory of the
   whole process (/usr/bin/time), median of the runs.
2. A 200,000-row .xlsx refund report (shared strings, numbers, date serials): the same.
3. The cockpit while the inbox imports the order export: the key-to-screen time of pane keys
   pressed during the import (tmux, as in live-append.py).

Usage: Benchmarks/import-bench.py [runs]      (from the repository root; needs tmux)
"""
import io, os, shutil, statistics, subprocess, sys, tempfile, time, zipfile
from benchlib import Cockpit, release_binary

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
binpath = release_binary()
work = ".build-bench/import"
os.makedirs(work, exist_ok=True)

orders = f"{work}/ExportOrderList202611201530.csv"
if not os.path.exists(orders):
    status = ["交易成功", "买家已付款，等待卖家发货", "卖家已发货，等待买家确认", "交易关闭", "等待买家付款"]
    with open(orders, "w", encoding="gbk", newline="") as f:
        f.write("订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,订单付款时间,商品ID,宝贝总数量,收货人姓名,收货地址,联系手机\r\n")
        for i in range(1_000_000):
            d = 1 + i % 19
            f.write(f'="3{i:016d}",tb{i % 50000},{59 + i % 200}.00,{status[i % 5]},2026-11-{d:02d} 10:{i % 60:02d}:00,'
                    f'2026-11-{d:02d} 10:{i % 60:02d}:30,6500000{i % 300:05d},{1 + i % 3},王五,浙江省杭州市西湖区文三路{i % 999}号,\'138{i:08d}\r\n')

refunds = f"{work}/退款管理_200k.xlsx"
if not os.path.exists(refunds):
    strings = ["退款编号", "订单编号", "商品ID", "退款申请时间", "退款金额", "退款原因", "退款状态", "是否小二介入", "判责",
               "质量问题", "尺码不合适", "退款成功", "等待卖家同意退款", "是", "否", "买家"]
    sst = {s: i for i, s in enumerate(strings)}
    rows = ['<row r="1">' + "".join(f'<c t="s"><v>{sst[h]}</v></c>' for h in strings[:9]) + "</row>"]
    for i in range(200_000):
        rows.append(f'<row r="{i + 2}"><c t="inlineStr"><is><t>R{i:012d}</t></is></c><c t="inlineStr"><is><t>3{i:016d}</t></is></c>'
                    f'<c><v>6500000{i % 300:05d}</v></c><c><v>{46336 + i % 19}.{i % 86400:05d}</v></c><c><v>{59 + i % 100}.5</v></c>'
                    f'<c t="s"><v>{9 + i % 2}</v></c><c t="s"><v>{11 + i % 2}</v></c><c t="s"><v>{13 + i % 2}</v></c>'
                    + ('<c t="s"><v>15</v></c>' if i % 7 == 0 else "") + "</row>")
    sheet = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + "".join(rows) + "</sheetData></worksheet>"
    with zipfile.ZipFile(refunds, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>')
        z.writestr("xl/sharedStrings.xml", "<sst>" + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")
        z.writestr("xl/worksheets/sheet1.xml", sheet)

def timed(path):
    walls, peaks = [], []
    for _ in range(runs):
        d = tempfile.mkdtemp(dir=work)
        out = subprocess.run(["/usr/bin/time", "-f", "%e %M", binpath, "import", "--data", d, path], capture_output=True, text=True)
        wall, peak = out.stderr.strip().splitlines()[-1].split()
        walls.append(float(wall)); peaks.append(int(peak) / 1024)
        lines = out.stdout.splitlines()
        shutil.rmtree(d)
    print(f"{os.path.basename(path)} ({os.path.getsize(path) / 1e6:.0f} MB): wall median {statistics.median(walls):.2f} s "
          f"(runs: {' '.join(f'{w:.2f}' for w in walls)}), peak RSS median {statistics.median(peaks):.0f} MB; {lines[0][:120]}")

timed(orders)
timed(refunds)

# The cockpit while the inbox imports the million orders.
d = tempfile.mkdtemp(dir=work)
subprocess.run([binpath, "demo", d, "--days", "20", "--orders-per-day", "60", "--at", "2026-11-20 11:20"], check=True, stdout=subprocess.DEVNULL)
os.makedirs(f"{d}/inbox")
cockpit = Cockpit(binpath, d, "imp")
try:
    cockpit.wait(lambda s: "Space tick" in s)
    shutil.copyfile(orders, f"{d}/inbox/.incoming")
    os.replace(f"{d}/inbox/.incoming", f"{d}/inbox/ExportOrderList202611201530.csv")
    lat, k, started = [], "2", time.monotonic()
    panes = {"2": "Findings for", "3": "Open refunds"}
    while True:
        lat.append(cockpit.key(k, panes[k]))
        k = "3" if k == "2" else "2"
        if os.path.isdir(f"{d}/inbox/imported") or time.monotonic() - started > 120:
            break
    took = time.monotonic() - started
    lat.sort()
    print(f"cockpit during an inbox import of the million orders ({took:.1f} s from drop to 'imported'): key to screen median "
          f"{statistics.median(lat):.0f} ms, max {lat[-1]:.0f} ms ({len(lat)} keys)")
finally:
    cockpit.close()
    shutil.rmtree(d, ignore_errors=True)
