// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Vnd } from '../../money';
import { fakeServer, renderInApp, sessionRoutes } from '../../testing/harness';
import { ChangesTab } from './ChangesTab';
import type { ChangeRow, ChangesResponse } from './types';

const row = (changes: Partial<ChangeRow>): ChangeRow => ({
  kind: 'NEW',
  personalId: '062040000031',
  fullName: 'Nguyễn Văn Còn',
  communeCode: '23293',
  programme: 'TGXH',
  previousAmount: null,
  amount: 540000 as Vnd,
  previousCategory: null,
  category: 'BTXH_K5C',
  reason: 'NEW_DECISION',
  detail: null,
  ...changes,
});

describe('the change list', () => {
  it('shows the people the previous system paid as continuing, and counts the channel changes', async () => {
    fakeServer(sessionRoutes({ permissions: ['payroll.read'] }));
    const changes: ChangesResponse = {
      cycleId: 1,
      month: '2024-07',
      counts: { CONTINUING: 1, NEW: 1, ACCOUNT_CHANGED: 1, CHANNEL_CHANGED: 1 },
      changes: [
        row({ kind: 'CONTINUING', reason: 'PAID_BY_PREVIOUS_SYSTEM', detail: '2024-06' }),
        row({ kind: 'NEW', personalId: '062041000033', fullName: 'Lê Thị Mới' }),
        row({ kind: 'ACCOUNT_CHANGED', personalId: '062040000032', fullName: 'Trần Văn Chuyển', reason: 'CHANNEL', detail: 'TIEN_MAT VNPOST → TAI_NHA VNPOST' }),
      ],
      warnings: [],
    };
    await renderInApp(<ChangesTab changes={changes} previousMonth="2024-06" />);
    expect(screen.getAllByText('Tiếp tục từ hệ thống cũ').length).toBeGreaterThan(0);
    expect(screen.getByText('Hệ thống cũ đã chi trả đến tháng 06/2024')).toBeTruthy();
    expect(screen.getByTestId('channel-changes').textContent).toBe('trong đó đổi hình thức nhận: 1');
  });

  it('has no "continuing" card in a month without any', async () => {
    fakeServer(sessionRoutes({ permissions: ['payroll.read'] }));
    await renderInApp(<ChangesTab changes={{ cycleId: 1, month: '2024-08', counts: {}, changes: [], warnings: [] }} previousMonth="2024-07" />);
    expect(screen.queryByText('Tiếp tục từ hệ thống cũ')).toBeNull();
    expect(screen.getByText('Tăng mới')).toBeTruthy();
  });
});
