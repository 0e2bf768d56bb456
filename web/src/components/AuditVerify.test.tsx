// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, button, fakeServer, renderInApp, sessionRoutes, userSession } from '../testing/harness';
import type { AuditVerifyResult } from '../types';
import { AuditVerifyButton, AuditVerifyOutcome, useAuditVerify } from './AuditVerify';
import { LanguageSwitch } from './LanguageSwitch';

/** The button and its outcome, as the audit page and the reports page place them. */
function Verification() {
  const verification = useAuditVerify();
  return (
    <>
      <LanguageSwitch />
      <AuditVerifyButton checking={verification.checking} onClick={() => void verification.verify()} />
      <AuditVerifyOutcome outcome={verification.outcome} onClose={verification.clear} />
    </>
  );
}

const headHash = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

const intact: AuditVerifyResult = {
  ok: true,
  status: 'ok',
  events: 1234,
  head: { seq: 1234, hash: headHash },
  keyedFrom: 1,
  findings: [],
  checkpoint: { seq: 1230, hash: 'ff'.repeat(32), at: '2025-07-01T02:00:00Z', reason: 'interval', matched: true },
  checkpoints: { file: '/var/lib/asxh/audit/checkpoints.jsonl', read: 12, ofThisChain: 12, otherChains: 0, badSignature: 0, unknownKey: 0, malformed: 0 },
  warnings: [],
};

/** The newest events deleted after a checkpoint, and an older event rewritten: what the server answers (audit.service.ts). */
const damaged: AuditVerifyResult = {
  ok: false,
  status: 'REWRITTEN',
  events: 1200,
  head: { seq: 1200, hash: headHash },
  keyedFrom: 1,
  findings: [
    {
      kind: 'REWRITTEN',
      seq: 57,
      vi: 'Sự kiện số 57 đã bị sửa: nội dung hoặc mã băm không khớp mã HMAC có khóa',
      en: 'Event 57 was altered: its content or hash does not match its keyed HMAC',
    },
    {
      kind: 'TRUNCATED',
      seq: 1201,
      vi: 'Các sự kiện mới nhất đã bị xóa từ số 1201: điểm kiểm tra lúc 2025-07-01T02:00:00Z ghi nhận sự kiện số 1230',
      en: 'The newest events were deleted from sequence 1201: the checkpoint of 2025-07-01T02:00:00Z recorded event 1230',
    },
  ],
  checkpoint: { seq: 1230, hash: 'ff'.repeat(32), at: '2025-07-01T02:00:00Z', reason: 'interval', matched: false },
  checkpoints: { file: '/var/lib/asxh/audit/checkpoints.jsonl', read: 12, ofThisChain: 12, otherChains: 0, badSignature: 1, unknownKey: 0, malformed: 0 },
  warnings: ['1 checkpoints have a wrong signature (forged or altered lines)'],
  brokenAt: 57,
  reason: 'hash_mismatch',
};

const auditor = sessionRoutes({ role: 'auditor', username: 'kiemtoan', scope: 'national', permissions: ['audit.read', 'audit.verify'] });

describe('audit verification outcome', () => {
  it('says the trail is intact, with the newest event and the checkpoint it matched', async () => {
    const server = fakeServer({ ...auditor, 'GET /api/v1/audit/verify': () => intact });
    const user = userSession();
    await renderInApp(<Verification />);
    await user.click(button(document.body, 'Kiểm tra chuỗi băm'));
    const result = await screen.findByTestId('audit-verify-result');
    expect(server.sent('GET', '/api/v1/audit/verify')).toHaveLength(1);
    expect(within(result).getByText('Chuỗi băm toàn vẹn')).toBeTruthy();
    expect(result.textContent).toContain('Đã kiểm tra 1.234 sự kiện: không có sự kiện nào bị sửa hoặc xoá.');
    expect(within(result).getByTestId('audit-verify-head').textContent).toBe('Sự kiện mới nhất: số 1.234, mã băm a1b2c3d4e5f60718…');
    expect(within(result).getByTestId('audit-verify-checkpoint').textContent).toMatch(/^Điểm kiểm tra gần nhất \(.+\): sự kiện số 1\.230, khớp với cơ sở dữ liệu\.$/);
    expect(within(result).queryByTestId('audit-verify-findings')).toBeNull();
    expect(within(result).queryByTestId('audit-verify-warnings')).toBeNull();
  });

  it('names each kind of damage with its first sequence, in Vietnamese then in English, and the checkpoint that no longer matches', async () => {
    fakeServer({ ...auditor, 'GET /api/v1/audit/verify': () => damaged });
    const user = userSession();
    await renderInApp(<Verification />);
    await user.click(button(document.body, 'Kiểm tra chuỗi băm'));
    const result = await screen.findByTestId('audit-verify-result');
    expect(within(result).getByText('Chuỗi băm bị phá vỡ tại sự kiện số 57')).toBeTruthy();
    const findings = within(result).getByTestId('audit-verify-findings');
    expect([...findings.querySelectorAll('li')].map((item) => item.dataset.testid)).toEqual(['audit-finding-REWRITTEN', 'audit-finding-TRUNCATED']);
    const rewritten = within(findings).getByTestId('audit-finding-REWRITTEN');
    expect(rewritten.textContent).toContain('Sự kiện bị sửa từ sự kiện số 57');
    expect(rewritten.textContent).toContain('Sự kiện số 57 đã bị sửa: nội dung hoặc mã băm không khớp mã HMAC có khóa');
    const truncated = within(findings).getByTestId('audit-finding-TRUNCATED');
    expect(truncated.textContent).toContain('Các sự kiện mới nhất đã bị xoá từ sự kiện số 1.201');
    expect(truncated.textContent).toContain('ghi nhận sự kiện số 1230');
    expect(result.textContent).toContain('Đã kiểm tra 1.200 sự kiện. Hãy báo ngay cho quản trị hệ thống và kiểm toán.');
    expect(within(result).getByTestId('audit-verify-checkpoint').textContent).toContain('sự kiện số 1.230, không còn khớp với cơ sở dữ liệu.');
    const warnings = within(result).getByTestId('audit-verify-warnings');
    expect(warnings.textContent).toContain('1 checkpoints have a wrong signature (forged or altered lines)');

    await user.click(screen.getByText('EN'));
    await waitFor(() => expect(within(result).getByText('The hash chain is broken at event 57')).toBeTruthy());
    expect(within(findings).getByTestId('audit-finding-REWRITTEN').textContent).toContain('An event was altered from event 57');
    expect(within(findings).getByTestId('audit-finding-REWRITTEN').textContent).toContain('Event 57 was altered: its content or hash does not match its keyed HMAC');
    expect(within(findings).getByTestId('audit-finding-TRUNCATED').textContent).toContain('The newest events were deleted from event 1.201');
    expect(within(result).getByTestId('audit-verify-checkpoint').textContent).toContain('event 1.230, no longer matches the database.');
  });

  it('warns that deletions of the newest events go unseen without a checkpoint, and shows a refusal as an error', async () => {
    const server = fakeServer({ ...auditor, 'GET /api/v1/audit/verify': () => ({ ...intact, checkpoint: null, checkpoints: null, keyedFrom: 900, warnings: ['no checkpoint of this chain'] }) });
    const user = userSession();
    await renderInApp(<Verification />);
    await user.click(button(document.body, 'Kiểm tra chuỗi băm'));
    const result = await screen.findByTestId('audit-verify-result');
    expect(within(result).getByTestId('audit-verify-checkpoint').textContent).toBe(
      'Chưa có điểm kiểm tra nào của chuỗi này: không phát hiện được việc xoá các sự kiện mới nhất.',
    );
    expect(result.textContent).toContain('Các sự kiện trước số 900 có từ trước khi có khoá: chỉ kiểm tra được mã SHA-256.');

    server.on('GET /api/v1/audit/verify', () => apiError(403, 'FORBIDDEN', 'Bạn không có quyền thực hiện thao tác này'));
    await user.click(button(document.body, 'Kiểm tra chuỗi băm'));
    expect(await screen.findByText('Bạn không có quyền thực hiện thao tác này')).toBeTruthy();
    expect(screen.queryByTestId('audit-verify-result')).toBeNull();
  });
});
