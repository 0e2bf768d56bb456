import { Button, Card, Flex, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useSession } from '../../../auth';
import { formatDateTime } from '../../../format';
import { useI18n, useLabel } from '../../../language';
import { historyActionNames } from '../../common/codes';
import { providerLabel, useProviders } from '../../common/providers';
import type { HistoryEntry } from '../../common/types';
import { useRegistryTexts } from '../texts';
import { changesOf, type FieldChange, type FormatOptions } from './historyFormat';

const shownAtFirst = 8;

function colorOf(action: string): string {
  if (action === 'enrolment.terminate' || action === 'instrument.rejected' || action === 'review.terminate' || action === 'person.death_recorded') return 'red';
  if (action === 'enrolment.suspend' || action === 'instrument.proposed') return 'orange';
  if (action === 'enrolment.resume' || action === 'instrument.changed' || action.endsWith('.created')) return 'green';
  return 'blue';
}

function ChangeLine({ change }: { change: FieldChange }) {
  return (
    <div style={{ fontSize: 13, lineHeight: 1.6 }}>
      <Typography.Text type="secondary">{change.label}: </Typography.Text>
      {change.before !== undefined && change.after !== undefined ? (
        <>
          <Typography.Text delete type="secondary">
            {change.before}
          </Typography.Text>
          {' → '}
          <Typography.Text strong>{change.after}</Typography.Text>
        </>
      ) : (
        <Typography.Text>{change.after ?? change.before}</Typography.Text>
      )}
    </div>
  );
}

function EntryContent({ entry, options }: { entry: HistoryEntry; options: FormatOptions }) {
  const t = useRegistryTexts();
  const changes = changesOf(entry, options);
  return (
    <Flex vertical gap={2}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('history.by', { user: entry.actor, time: formatDateTime(entry.at) })}
        {entry.importBatchId !== null && ` · ${t('history.fromImport', { batch: entry.importBatchId })}`}
      </Typography.Text>
      {changes.map((change) => (
        <ChangeLine key={change.key} change={change} />
      ))}
    </Flex>
  );
}

/** Who changed what and when, newest first, with each changed field's old and new value. */
export function HistoryTimeline({ history }: { history: HistoryEntry[] }) {
  const t = useRegistryTexts();
  const { language, t: shell } = useI18n();
  const label = useLabel();
  const { can } = useSession();
  const { byCode } = useProviders();
  const [expanded, setExpanded] = useState(false);
  const options: FormatOptions = {
    language,
    sensitive: can('registry.readSensitive'),
    providerName: (code) => providerLabel(byCode, code),
    empty: t('history.empty'),
    yes: shell('common.yes'),
    no: shell('common.no'),
  };
  const shown = expanded ? history : history.slice(0, shownAtFirst);
  return (
    <Card title={t('history.title')} size="small">
      {history.length === 0 ? (
        <Typography.Text type="secondary">{t('history.none')}</Typography.Text>
      ) : (
        <>
          <Timeline
            items={shown.map((entry) => ({
              key: entry.id,
              color: colorOf(entry.action),
              content: (
                <>
                  <Typography.Text strong>{label(historyActionNames, entry.action)}</Typography.Text>
                  <EntryContent entry={entry} options={options} />
                </>
              ),
            }))}
          />
          {history.length > shownAtFirst && (
            <Button type="link" onClick={() => setExpanded((value) => !value)} style={{ padding: 0 }}>
              {expanded ? t('history.less') : t('history.more', { count: history.length - shownAtFirst })}
            </Button>
          )}
        </>
      )}
    </Card>
  );
}
