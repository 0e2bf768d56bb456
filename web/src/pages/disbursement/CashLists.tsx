import { DownOutlined, FileExcelOutlined } from '@ant-design/icons';
import { Button, Dropdown, Tooltip, type MenuProps } from 'antd';
import { useApiData } from '../../api/useApiData';
import { useDownload } from '../../components/DownloadButton';
import { formatDate } from '../../format';
import { useUnitNames } from '../../units';
import type { Cycle } from '../payroll/types';
import { useDisbursementTexts } from './texts';

interface PointOfCycle {
  id: number;
  name: string;
  communeName: string | null;
  active: boolean;
  dates: string[];
  hours: string | null;
}

interface RoundOfCycle {
  id: number;
  communeCode: string;
  date: string;
  hours: string | null;
  villages: string[] | null;
}

/**
 * The cash lists to print, from the agent's own page (issue 22 item 7): one per payment point with
 * a date in the cycle and one per home-delivery round (GET /api/v1/cash/list.xlsx — the server
 * gives a provider's agent only its own points and rounds, and audits the export).
 */
export function CashListsMenu({ cycle }: { cycle: Cycle }) {
  const t = useDisbursementTexts();
  const unit = cycle.communeCode ?? cycle.provinceCode;
  const points = useApiData<PointOfCycle[]>('/api/v1/cash/points', { cycle: cycle.id, unit });
  const rounds = useApiData<RoundOfCycle[]>('/api/v1/cash/rounds', { cycle: cycle.id });
  const { downloading, download } = useDownload();
  const communeNames = useUnitNames((rounds.data ?? []).map((round) => round.communeCode));
  const scheduled = (points.data ?? []).filter((point) => point.active && point.dates.length > 0);
  const items: MenuProps['items'] = [
    ...scheduled.map((point) => ({
      key: `point-${point.id}`,
      icon: <FileExcelOutlined />,
      label: `${t('lists.point', { name: point.name })} — ${point.dates.map(formatDate).join(', ')}${point.communeName ? ` (${point.communeName})` : ''}`,
    })),
    ...(rounds.data ?? []).map((round) => ({
      key: `round-${round.id}`,
      icon: <FileExcelOutlined />,
      label: `${t('lists.round', { date: formatDate(round.date) })}${round.villages ? ` — ${round.villages.join(', ')}` : ''} (${communeNames.get(round.communeCode) ?? round.communeCode})`,
    })),
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    const [kind, id] = key.split('-') as ['point' | 'round', string];
    void download('/api/v1/cash/list.xlsx', { key, query: { cycle: cycle.id, [kind]: Number(id) } });
  };
  const empty = items.length === 0;
  const button = (
    <Dropdown menu={{ items, onClick }} trigger={['click']} disabled={empty} placement="bottomRight">
      <Button icon={<FileExcelOutlined />} loading={downloading !== null || points.loading || rounds.loading} data-testid="cash-lists">
        {t('lists.title')} ({items.length}) <DownOutlined />
      </Button>
    </Dropdown>
  );
  // Why it is empty, on the disabled button; the items say what each list is.
  return empty && !points.loading && !rounds.loading ? <Tooltip title={t('lists.none')}>{button}</Tooltip> : button;
}
