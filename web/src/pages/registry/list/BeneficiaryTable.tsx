import { LockOutlined } from '@ant-design/icons';
import { Flex, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { formatDate } from '../../../format';
import { useLabel } from '../../../language';
import { ChannelTag, FlagTag, ProgrammeTag, StatusTag } from '../../common/CodeTags';
import { categoryNames, isFullPersonalId } from '../../common/codes';
import type { BeneficiaryListItem } from '../../common/types';
import { useRegistryTexts } from '../texts';

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', whiteSpace: 'nowrap' } as const;

function NameCell({ item, onOpen }: { item: BeneficiaryListItem; onOpen(personalId: string): void }) {
  const t = useRegistryTexts();
  const openable = isFullPersonalId(item.personalId);
  return (
    <Flex vertical gap={2}>
      {openable ? (
        <Typography.Link strong onClick={() => onOpen(item.personalId)} style={{ fontSize: 15 }}>
          {item.fullName}
        </Typography.Link>
      ) : (
        <Tooltip title={t('list.maskedHint')}>
          <Typography.Text strong>
            {item.fullName} <LockOutlined style={{ color: '#999' }} />
          </Typography.Text>
        </Tooltip>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatDate(item.birthDate)} · {item.sex === 'F' ? t('sex.F') : t('sex.M')}
      </Typography.Text>
      {item.deathDate && (
        <span>
          <Tag color="default">{t('person.deceasedOn', { date: formatDate(item.deathDate) })}</Tag>
        </span>
      )}
    </Flex>
  );
}

function EnrolmentsCell({ item }: { item: BeneficiaryListItem }) {
  const label = useLabel();
  return (
    <Flex vertical gap={4}>
      {item.enrolments.map((enrolment, index) => (
        <Flex key={`${enrolment.category}-${index}`} gap={4} align="baseline">
          <ProgrammeTag programme={enrolment.programme} />
          <Typography.Text ellipsis={{ tooltip: true }} style={{ maxWidth: 250 }}>
            {label(categoryNames, enrolment.category)}
          </Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The list of beneficiaries: masked IDs as the server returns them, statuses, channels and flags. */
export function BeneficiaryTable({
  items,
  loading,
  showCommune,
  empty,
  onOpen,
}: {
  items: BeneficiaryListItem[];
  loading: boolean;
  showCommune: boolean;
  empty: ReactNode;
  onOpen(personalId: string): void;
}) {
  const t = useRegistryTexts();
  const columns: TableColumnsType<BeneficiaryListItem> = [
    { title: t('list.name'), key: 'name', width: 200, render: (_value, item) => <NameCell item={item} onOpen={onOpen} /> },
    {
      title: t('list.personalId'),
      key: 'personalId',
      width: 140,
      render: (_value, item) => (
        <Flex vertical gap={2}>
          <span style={mono}>{item.personalId}</span>
          {item.phone && (
            <Typography.Text type="secondary" style={{ fontSize: 12, ...mono }}>
              {item.phone}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    ...(showCommune ? [{ title: t('list.commune'), dataIndex: 'communeName', width: 130, render: (name: string | null, item: BeneficiaryListItem) => name ?? item.communeCode }] : []),
    { title: t('list.categories'), key: 'categories', render: (_value, item) => <EnrolmentsCell item={item} /> },
    {
      title: t('list.status'),
      key: 'status',
      width: 110,
      render: (_value, item) => (
        <Space size={[4, 4]} wrap>
          {distinct(item.enrolments.map((enrolment) => enrolment.status)).map((status) => (
            <StatusTag key={status} status={status} />
          ))}
        </Space>
      ),
    },
    {
      title: t('list.channel'),
      key: 'channel',
      width: 130,
      render: (_value, item) =>
        item.channels.length === 0 ? (
          <Typography.Text type="secondary">{t('list.noChannel')}</Typography.Text>
        ) : (
          <Space size={[4, 4]} wrap>
            {item.channels.map((channel) => (
              <ChannelTag key={channel} channel={channel} />
            ))}
          </Space>
        ),
    },
    {
      title: t('list.flags'),
      key: 'flags',
      width: 130,
      render: (_value, item) =>
        item.flags.length === 0 ? null : (
          <Space size={[4, 4]} wrap>
            {distinct(item.flags).map((flag) => (
              <FlagTag key={flag} flag={flag} />
            ))}
          </Space>
        ),
    },
  ];

  return (
    <Table<BeneficiaryListItem>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      scroll={{ x: showCommune ? 1000 : 880 }}
      locale={{ emptyText: empty }}
      onRow={(item) => ({
        onDoubleClick: () => {
          if (isFullPersonalId(item.personalId)) onOpen(item.personalId);
        },
      })}
    />
  );
}
