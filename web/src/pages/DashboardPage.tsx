import { BankOutlined, FileDoneOutlined, SwapOutlined, TeamOutlined } from '@ant-design/icons';
import { Avatar, Card, Col, Empty, Flex, Row, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useSession } from '../auth';
import { PageHeader } from '../components/PageHeader';
import { formatMonth } from '../format';
import type { MessageKey } from '../i18n';
import { useI18n } from '../language';
import { localityLabel, useLocality } from '../locality';
import { colors } from '../theme';

/** One figure of the overview; an empty state until the module behind it delivers data. */
function FigureCard({ title, icon }: { title: string; icon: ReactNode }) {
  const { t } = useI18n();
  return (
    <Card style={{ height: '100%' }}>
      <Flex gap={12} align="center" style={{ minHeight: 44 }}>
        <Avatar shape="square" icon={icon} style={{ background: '#e8f0fb', color: colors.primary, flex: 'none' }} />
        <Typography.Text strong style={{ lineHeight: 1.35 }}>
          {title}
        </Typography.Text>
      </Flex>
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.noData')} style={{ margin: '16px 0 0' }} />
    </Card>
  );
}

const cycleSteps: { title: MessageKey; detail: MessageKey }[] = [
  { title: 'dashboard.step1', detail: 'dashboard.step1.detail' },
  { title: 'dashboard.step2', detail: 'dashboard.step2.detail' },
  { title: 'dashboard.step3', detail: 'dashboard.step3.detail' },
  { title: 'dashboard.step4', detail: 'dashboard.step4.detail' },
  { title: 'dashboard.step5', detail: 'dashboard.step5.detail' },
];

/** The monthly cycle every module serves, as a reminder of where each screen fits. */
function PaymentCycle() {
  const { t } = useI18n();
  return (
    <Card title={t('dashboard.cycle')}>
      <Row gutter={[24, 16]}>
        {cycleSteps.map((step, index) => (
          <Col key={step.title} xs={24} sm={12} lg={8} xxl={{ flex: '1 1 0' }}>
            <Flex gap={12} align="flex-start">
              <Avatar size="small" style={{ background: colors.primary, flex: 'none' }}>
                {index + 1}
              </Avatar>
              <div>
                <Typography.Text strong>{t(step.title)}</Typography.Text>
                <br />
                <Typography.Text type="secondary">{t(step.detail)}</Typography.Text>
              </div>
            </Flex>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

export default function DashboardPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const { locality } = useLocality();
  // The list being prepared is next month's: the list for month M+1 is built during month M.
  const payrollMonth = formatMonth(dayjs().add(1, 'month'));
  const figures: { title: string; icon: ReactNode }[] = [
    { title: t('dashboard.beneficiaries'), icon: <TeamOutlined /> },
    { title: t('dashboard.withAccounts'), icon: <BankOutlined /> },
    { title: t('dashboard.payrollOfMonth', { month: payrollMonth }), icon: <FileDoneOutlined /> },
    { title: t('dashboard.paidCashless'), icon: <SwapOutlined /> },
  ];

  return (
    <>
      <PageHeader title={t('dashboard.title')} subtitle={t('dashboard.greeting', { name: user.fullName || user.username })} />
      <Card style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">{t('dashboard.viewing')}</Typography.Text>
        <Typography.Title level={4} style={{ margin: '4px 0 0' }} data-testid="dashboard-locality">
          {localityLabel(locality, t('common.national'))}
        </Typography.Title>
      </Card>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {figures.map((figure) => (
          <Col key={figure.title} xs={24} sm={12} xl={6}>
            <FigureCard title={figure.title} icon={figure.icon} />
          </Col>
        ))}
      </Row>
      <PaymentCycle />
    </>
  );
}
