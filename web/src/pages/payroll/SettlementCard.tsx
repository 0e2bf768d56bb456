import { LockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError, errorMessage } from '../../api/client';
import { useApiData } from '../../api/useApiData';
import { useSession } from '../../auth';
import { ActionDialog, useAction } from '../../components/ActionDialog';
import { Money } from '../../components/Money';
import { formatInteger, formatMonth } from '../../format';
import { useLabel } from '../../language';
import { formatVnd, type Vnd } from '../../money';
import { settlementProblemNames, usePayrollTexts } from './texts';
import type { Cycle } from './types';

/** GET /api/v1/payroll/cycles/:id/settlement (src/modules/disbursement/settlement.schemas.ts). */
export interface Settlement {
  cycleId: number;
  status: string;
  fundedVnd: Vnd;
  dispatchedVnd: Vnd;
  paidVnd: Vnd;
  refundedVnd: Vnd;
  atProvidersVnd: Vnd;
  heldVnd: Vnd;
  returnedToTreasuryVnd: Vnd;
  carriedOver: { items: number; amountVnd: Vnd };
  feesVnd: Vnd;
  balances: boolean;
  problems: string[];
}

/** Only a reconciled cycle has a settlement to show; a closed one keeps it for good. */
export const settlementStatuses: readonly Cycle['status'][] = ['RECONCILED', 'CLOSED'];

function Problems({ problems }: { problems: readonly string[] }) {
  const t = usePayrollTexts();
  const label = useLabel();
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="settlement-problems"
      title={t('settlement.problems')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {problems.map((problem) => (
            <li key={problem}>{label(settlementProblemNames, problem)}</li>
          ))}
        </ul>
      }
    />
  );
}

/** The reasons a refused close gives (409 SETTLEMENT_UNBALANCED), when it names them. */
function refusedProblems(failure: unknown): string[] | null {
  if (!(failure instanceof ApiError) || !Array.isArray(failure.details.problems)) return null;
  return failure.details.problems.filter((problem): problem is string => typeof problem === 'string');
}

function CloseDialog({ cycle, settlement, onClose, onDone }: { cycle: Cycle; settlement: Settlement; onClose(): void; onDone(closed: Settlement & { changed: boolean }): void }) {
  const t = usePayrollTexts();
  const [form] = Form.useForm<{ comment?: string }>();
  const action = useAction();
  const [problems, setProblems] = useState<string[] | null>(null);
  const close = (comment: string | undefined) =>
    action.run(
      async () => {
        setProblems(null);
        onDone(await api.post<Settlement & { changed: boolean }>(`/api/v1/payroll/cycles/${cycle.id}/close`, { comment }));
      },
      {
        onError: (failure) => {
          const named = refusedProblems(failure);
          setProblems(named);
          // The problems are listed in words; the server's sentence with the codes would only repeat them.
          return named !== null && named.length > 0;
        },
      },
    );
  return (
    <ActionDialog
      title={t('settlement.closeTitle', { month: formatMonth(cycle.month) })}
      okText={t('settlement.close')}
      danger
      running={action.running}
      error={action.error}
      errorTestId="settlement-error"
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {problems && problems.length > 0 && (
        <div style={{ marginBottom: 16 }}>
          <Problems problems={problems} />
        </div>
      )}
      <Typography.Paragraph>{t('settlement.closeHelp', { amount: formatVnd(settlement.returnedToTreasuryVnd) })}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => void close(values.comment?.trim() || undefined)}>
        <Form.Item name="comment" label={t('settlement.comment')} style={{ marginBottom: 0 }}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </ActionDialog>
  );
}

/**
 * Quyết toán of a reconciled or closed cycle: the ledger's figures, why it does not balance yet
 * (in words), and the close for those who handle the Treasury's funds. A closed cycle says so.
 * Mount with `key={cycle.status}`: the figures are read again once the cycle moves on.
 */
export function SettlementCard({ cycle, onChanged }: { cycle: Cycle; onChanged(): void }) {
  const t = usePayrollTexts();
  const { can } = useSession();
  const { message } = App.useApp();
  const [closing, setClosing] = useState(false);
  const settlement = useApiData<Settlement>(`/api/v1/payroll/cycles/${cycle.id}/settlement`);
  const data = settlement.data;
  const closed = cycle.status === 'CLOSED';

  return (
    <Card
      title={
        <Space>
          {t('settlement.title')}
          {data && (closed ? <Tag color="purple" icon={<LockOutlined />}>{t('settlement.closed')}</Tag> : <Tag color={data.balances ? 'success' : 'warning'}>{data.balances ? t('settlement.balances') : t('settlement.unbalanced')}</Tag>)}
        </Space>
      }
      extra={
        !closed &&
        can('payroll.fund') &&
        data && (
          <Button danger icon={<LockOutlined />} onClick={() => setClosing(true)}>
            {t('settlement.close')}
          </Button>
        )
      }
      style={{ marginBottom: 16 }}
      data-testid="settlement-card"
    >
      {settlement.error ? (
        <Alert type="error" showIcon title={errorMessage(settlement.error)} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('settlement.help')}</Typography.Text>
          {closed && <Alert type="info" showIcon icon={<LockOutlined />} title={t('settlement.isClosed')} data-testid="settlement-closed" />}
          {!closed && data.problems.length > 0 && <Problems problems={data.problems} />}
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2, xl: 3 }}
            items={[
              { key: 'funded', label: t('settlement.funded'), children: <Money value={data.fundedVnd} strong /> },
              { key: 'dispatched', label: t('settlement.dispatched'), children: <Money value={data.dispatchedVnd} /> },
              { key: 'paid', label: t('settlement.paid'), children: <Money value={data.paidVnd} strong /> },
              { key: 'refunded', label: t('settlement.refunded'), children: <Money value={data.refundedVnd} /> },
              { key: 'atProviders', label: t('settlement.atProviders'), children: <Money value={data.atProvidersVnd} /> },
              { key: 'held', label: t('settlement.held'), children: <Money value={data.heldVnd} /> },
              { key: 'treasury', label: closed ? t('settlement.toTreasuryDone') : t('settlement.toTreasury'), children: <Money value={data.returnedToTreasuryVnd} strong /> },
              { key: 'carried', label: t('settlement.carriedOver', { items: formatInteger(data.carriedOver.items) }), children: <Money value={data.carriedOver.amountVnd} /> },
              { key: 'fees', label: t('settlement.fees'), children: <Money value={data.feesVnd} /> },
            ]}
          />
        </Space>
      )}
      {closing && data && (
        <CloseDialog
          cycle={cycle}
          settlement={data}
          onClose={() => setClosing(false)}
          onDone={(result) => {
            setClosing(false);
            message.success(result.changed ? t('settlement.closed') : t('settlement.alreadyClosed'));
            onChanged();
          }}
        />
      )}
    </Card>
  );
}
