import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Tag, Typography, type ButtonProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage, type Query } from '../../api';
import { useSession } from '../../auth';
import { formatMoney, formatMonth } from '../../format';
import { useI18n } from '../../language';
import type { Locality } from '../../locality';
import { downloadFile, routeMissingMessage } from './http';
import { cycleStatusColors, cycleStatusNames, programmeNames } from './labels';
import { useLabel } from './localize';
import type { Cycle, CycleStatus } from './types';

export function CycleStatusTag({ status }: { status: CycleStatus }) {
  const label = useLabel();
  return (
    <Tag color={cycleStatusColors[status]} data-testid="cycle-status">
      {label(cycleStatusNames, status)}
    </Tag>
  );
}

/** "Tất cả chương trình" or the programme's name. */
export function useProgrammeLabel(): (programme: string | null) => string {
  const label = useLabel();
  const { language } = useI18n();
  return (programme) => (programme ? label(programmeNames, programme) : language === 'vi' ? 'Tất cả chương trình' : 'All programmes');
}

/** Right-aligned money that never wraps between the digits and "₫". */
export function Money({ value, strong, type }: { value: number | null | undefined; strong?: boolean; type?: 'danger' | 'success' | 'secondary' }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Typography.Text strong={strong} type={type} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
      {formatMoney(value)}
    </Typography.Text>
  );
}

/** A full 12-digit personal ID (not masked for this role). */
export function isFullPersonalId(value: string): boolean {
  return /^\d{12}$/.test(value);
}

/**
 * The beneficiary's name, linking to their record in the registry when the user may read it and
 * the ID is not masked (roles without sensitive access see ••••••••1234 and no link).
 */
export function PersonLink({ personalId, fullName }: { personalId: string; fullName: string }) {
  const { can } = useSession();
  if (can('registry.read') && isFullPersonalId(personalId)) {
    return <Link to={`/registry/${personalId}`}>{fullName}</Link>;
  }
  return <span>{fullName}</span>;
}

/** Whether a cycle concerns the locality chosen in the header (a province cycle concerns its communes). */
export function cycleInLocality(cycle: Pick<Cycle, 'provinceCode' | 'communeCode'>, locality: Locality): boolean {
  if (locality.commune) return cycle.communeCode === locality.commune.code || (cycle.communeCode === null && cycle.provinceCode === locality.commune.provinceCode);
  if (locality.province) return cycle.provinceCode === locality.province.code;
  return true;
}

/** "12/2026 · Phường Kon Tum · Tất cả chương trình" */
export function useCycleLabel(): (cycle: Cycle) => string {
  const programmeLabel = useProgrammeLabel();
  return (cycle) => [formatMonth(cycle.month), cycle.unitName ?? cycle.communeCode ?? cycle.provinceCode, programmeLabel(cycle.programme)].join(' · ');
}

/** Downloads through the API with the user's session and reports the outcome as a toast. */
export function useDownload(): { downloading: string | null; download(key: string, path: string, query?: Query): Promise<void> } {
  const { message } = App.useApp();
  const { language } = useI18n();
  const [downloading, setDownloading] = useState<string | null>(null);
  async function download(key: string, path: string, query?: Query) {
    setDownloading(key);
    try {
      const name = await downloadFile(path, query, language);
      message.success(language === 'vi' ? `Đã tải ${name}` : `Downloaded ${name}`);
    } catch (error) {
      message.error(routeMissingMessage(error, language) ?? errorMessage(error));
    } finally {
      setDownloading(null);
    }
  }
  return { downloading, download };
}

export function DownloadButton({ path, query, children, ...props }: { path: string; query?: Query; children: ReactNode } & Omit<ButtonProps, 'onClick' | 'loading'>) {
  const { downloading, download } = useDownload();
  return (
    <Button icon={<DownloadOutlined />} {...props} loading={downloading !== null} onClick={() => void download('file', path, query)}>
      {children}
    </Button>
  );
}

/** Days from today (Vietnam time in the browser) to an ISO date; negative when past. */
export function daysUntil(isoDate: string, today = new Date()): number {
  const [year, month, day] = isoDate.split('-').map(Number);
  const due = Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1);
  const now = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((due - now) / 86_400_000);
}
