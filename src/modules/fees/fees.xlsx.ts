import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { averageVnd, parseVnd, vndToNumber } from '../../core/money.js';
import { channelGroupNames, labelOf } from '../formats/labels.js';
import { channelNames } from '../rules/categories.js';
import type { CycleFeesView } from './fees.service.js';

/**
 * The fee report of a cycle (báo cáo phí dịch vụ chi trả), for the paying agency's accountant: per
 * provider, per provider and channel with the cost per payment, and per batch once there are
 * batches. Every figure comes from `cycleFees` (the same numbers as the screen and `asxh payroll
 * fees`); the workbook only lays them out. Small (one row per provider, channel or batch): written
 * whole, not streamed.
 */
export async function writeCycleFeesXlsx(output: Writable, fees: CycleFeesView, title: { cycleLabel: string }): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const money = '#,##0';

  const summary = workbook.addWorksheet('Theo tổ chức');
  summary.addRow([`BÁO CÁO PHÍ DỊCH VỤ CHI TRẢ — ${title.cycleLabel}`]).font = { bold: true, size: 13 };
  summary.addRow([`Biểu phí áp dụng ngày ${fees.feeDate}; phí không trừ vào số tiền người hưởng nhận (cơ quan chi trả thanh toán cho tổ chức).`]);
  summary.addRow([]);
  summary.addRow(['Mã tổ chức', 'Tên tổ chức', 'Số khoản chi', 'Chưa có biểu phí', 'Số tiền chi (đồng)', 'Thuế GTGT (đồng)', 'Phí gồm thuế (đồng)', 'Phí bình quân/khoản (đồng)']).font = { bold: true };
  for (const [providerCode, sums] of Object.entries(fees.byProvider)) {
    summary.addRow([providerCode, sums.providerName ?? '', sums.payments, sums.unpricedPayments, sums.amountVnd, sums.vatVnd, sums.feeVnd, perPayment(sums.feeVnd, sums.payments)]);
  }
  summary.addRow(['TỔNG CỘNG', '', fees.payments, fees.unpricedPayments, fees.amountVnd, fees.vatVnd, fees.totalVnd, perPayment(fees.totalVnd, fees.payments)]).font = { bold: true };

  // a provider by its name in the other sheets (a bank's code is its BIN)
  const provider = (code: string) => fees.byProvider[code]?.providerName ?? code;
  const byChannel = workbook.addWorksheet('Theo hình thức');
  byChannel.addRow(['Tổ chức', 'Hình thức chi trả', 'Số khoản chi', 'Chưa có biểu phí', 'Số tiền chi (đồng)', 'Thuế GTGT (đồng)', 'Phí gồm thuế (đồng)', 'Phí bình quân/khoản (đồng)']).font = { bold: true };
  for (const row of fees.byChannel) {
    byChannel.addRow([provider(row.providerCode), labelOf(channelNames, row.channel), row.payments, row.unpricedPayments, row.amountVnd, row.vatVnd, row.feeVnd, perPayment(row.feeVnd, row.payments)]);
  }

  if (fees.byBatch.length > 0) {
    const byBatch = workbook.addWorksheet('Theo lô');
    byBatch.addRow(['Mã lô', 'Tổ chức', 'Nhóm', 'Đợt', 'Số khoản chi', 'Số tiền chi (đồng)', 'Thuế GTGT (đồng)', 'Phí gồm thuế (đồng)']).font = { bold: true };
    for (const row of fees.byBatch) byBatch.addRow([row.messageId, provider(row.providerCode), labelOf(channelGroupNames, row.channelGroup), row.round, row.payments, row.amountVnd, row.vatVnd, row.feeVnd]);
  }

  for (const sheet of workbook.worksheets) {
    sheet.columns.forEach((column, index) => {
      column.width = index === 1 ? 30 : 18;
      if (index >= 4) column.numFmt = money;
    });
  }
  await workbook.xlsx.write(output);
}

/** The average fee of one payment, in whole đồng rounded half up (a display figure, never summed). */
function perPayment(feeVnd: number, payments: number): number | string {
  return payments === 0 ? '' : vndToNumber(averageVnd(parseVnd(feeVnd), payments));
}
