import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { useSession } from '../../auth';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, formatInteger } from '../../format';
import { useCodeOptions, useLabel } from '../../language';
import { matchesFolded } from '../../text';
import { CodeTag } from '../common/CodeTags';
import { FilterSelect } from '../common/FilterSelect';
import { SearchBox } from '../common/SearchBox';
import { channelNames } from '../payroll/labels';
import { PersonCell } from '../payroll/shared';
import { StageDialog } from './StageDialog';
import { campaignStages, stageColors, stageNames, useCampaignTexts } from './texts';
import type { CashPerson } from './types';

const pageSize = 100;

/** The people of a commune still paid in cash (newest first, 100 at a time) and their campaign stage. */
export function CashPeople({ communeCode, communeName, onChanged }: { communeCode: string; communeName: string; onChanged(): void }) {
  const t = useCampaignTexts();
  const label = useLabel();
  const options = useCodeOptions();
  const { can } = useSession();
  const [people, setPeople] = useState<CashPerson[]>([]);
  const [loading, setLoading] = useState(true);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<CashPerson[] | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [stageFilter, setStageFilter] = useState<string>();
  const [search, setSearch] = useState('');
  const editable = can('campaign.write');

  async function load(before?: number) {
    setLoading(true);
    setError(undefined);
    try {
      const page = await api.get<CashPerson[]>(`/api/v1/campaign/cash/${communeCode}`, { before });
      setPeople((previous) => (before ? [...previous, ...page] : page));
      setMore(page.length === pageSize);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    // Reload from the newest after a change or another commune.
    void load();
  }, [communeCode, version]);

  const rows = people.filter(
    (person) => (!stageFilter || (person.stage ?? 'NOT_CONTACTED') === stageFilter) && (!search.trim() || matchesFolded(person.fullName, search)),
  );

  const columns: TableColumnsType<CashPerson> = [
    {
      title: t('cash.person'),
      key: 'person',
      render: (_value, person) => (
        <PersonCell personalId={person.personalId} fullName={person.fullName} />
      ),
    },
    { title: t('cash.birthDate'), dataIndex: 'birthDate', width: 110, render: (value: string) => formatDate(value) },
    { title: t('cash.phone'), dataIndex: 'phone', width: 120, render: (value: string | null) => value ?? <Typography.Text type="secondary">—</Typography.Text> },
    { title: t('cash.channel'), dataIndex: 'channel', width: 190, render: (value: string) => label(channelNames, value) },
    {
      title: t('cash.stage'),
      key: 'stage',
      render: (_value, person) => (
        <span>
          <CodeTag code={person.stage ?? 'NOT_CONTACTED'} names={stageNames} colors={stageColors} />
          {person.stageNote && (
            <>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {person.stageNote}
              </Typography.Text>
            </>
          )}
        </span>
      ),
    },
    ...(editable
      ? [
          {
            key: 'edit',
            width: 120,
            render: (_value: unknown, person: CashPerson) => (
              <Button size="small" icon={<EditOutlined />} onClick={() => setEditing([person])}>
                {t('cash.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card title={t('cash.title', { commune: communeName })} data-testid="cash-people">
      <Typography.Paragraph type="secondary">{t('cash.help')}</Typography.Paragraph>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <SearchBox placeholder={t('cash.search')} style={{ width: 240 }} onSearch={setSearch} />
        <FilterSelect label={t('cash.filterStage')} width={220} value={stageFilter} onChange={setStageFilter} options={options(campaignStages, stageNames)} />
        {editable && selected.length > 0 && (
          <Button type="primary" onClick={() => setEditing(people.filter((person) => selected.includes(person.id)))}>
            {t('cash.bulk', { count: selected.length })}
          </Button>
        )}
        <Typography.Text type="secondary" style={{ marginInlineStart: 'auto' }}>
          {t('cash.count', { count: formatInteger(people.length) })}
        </Typography.Text>
      </Flex>
      <DataTable<CashPerson>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={loading}
        minWidth={900}
        pageSize={20}
        locale={{ emptyText: t('cash.none') }}
        rowSelection={editable ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(Number)) } : undefined}
      />
      {more && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button loading={loading} onClick={() => void load(people.at(-1)?.id)}>
            {t('cash.more')}
          </Button>
        </Flex>
      )}
      <StageDialog
        people={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          setSelected([]);
          setVersion((value) => value + 1);
          onChanged();
        }}
      />
    </Card>
  );
}
