import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Flex, Result, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useApiData } from '../../../api/useApiData';
import { formatDate } from '../../../format';
import { useI18n } from '../../../language';
import { StatusTag } from '../../common/CodeTags';
import { isFullPersonalId } from '../../common/codes';
import type { BeneficiaryDetail } from '../../common/types';
import { useRegistryLinks } from '../links';
import { useRegistryTexts } from '../texts';
import { AmountDueCard } from './AmountDueCard';
import { DetailActions } from './DetailActions';
import { EnrolmentsCard } from './EnrolmentsCard';
import { HistoryTimeline } from './HistoryTimeline';
import { PaymentCard } from './PaymentCard';
import { PaymentHistoryCard } from './PaymentHistoryCard';
import { PersonCard } from './PersonCard';
import { FlagsCard, RepresentativesCard } from './SideCards';

function BackButton() {
  const t = useRegistryTexts();
  const links = useRegistryLinks();
  return (
    <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => links.back()} style={{ paddingLeft: 0, marginBottom: 4 }}>
      {t('detail.back')}
    </Button>
  );
}

function Header({ detail, onChanged }: { detail: BeneficiaryDetail; onChanged(): void }) {
  const t = useRegistryTexts();
  const statuses = [...new Set(detail.enrolments.map((enrolment) => enrolment.status))];
  return (
    <Flex justify="space-between" align="flex-start" gap={16} wrap style={{ marginBottom: 16 }}>
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {detail.person.fullName}
        </Typography.Title>
        <Space size={[4, 4]} wrap style={{ marginTop: 4 }}>
          {statuses.map((status) => (
            <StatusTag key={status} status={status} />
          ))}
          {detail.person.deathDate && <Tag>{t('person.deceasedOn', { date: formatDate(detail.person.deathDate) })}</Tag>}
          <Typography.Text type="secondary">{detail.person.communeName ?? detail.person.communeCode}</Typography.Text>
        </Space>
      </div>
      <Flex gap={8} wrap>
        <DetailActions detail={detail} onChanged={onChanged} />
      </Flex>
    </Flex>
  );
}

/** One beneficiary's whole record: person, benefits, amounts, payment, representatives, flags, history. */
export function BeneficiaryDetailView({ personalId }: { personalId: string }) {
  const t = useRegistryTexts();
  const { t: shell } = useI18n();
  const links = useRegistryLinks();
  const valid = isFullPersonalId(personalId);
  const detail = useApiData<BeneficiaryDetail>(valid ? `/api/v1/beneficiaries/${personalId}` : null);

  if (!valid || detail.error?.status === 404) {
    return (
      <Result
        status="404"
        title={t('detail.notFound')}
        subTitle={t('detail.notFoundHint')}
        extra={
          <Button type="primary" onClick={() => links.list()}>
            {t('detail.back')}
          </Button>
        }
      />
    );
  }
  const data = detail.data;
  return (
    <>
      <BackButton />
      {detail.error && (
        <Alert
          type="error"
          showIcon
          title={detail.error.message}
          action={
            <Button size="small" icon={<ReloadOutlined />} onClick={detail.reload}>
              {shell('common.retry')}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      {!data ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <>
          <Header detail={data} onChanged={detail.reload} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={15}>
              <Flex vertical gap={16}>
                <PersonCard person={data.person} />
                <EnrolmentsCard enrolments={data.enrolments} />
                <PaymentCard instruments={data.instruments} activeInstruments={data.activeInstruments} pendingProposals={data.pendingProposals} enrolments={data.enrolments} />
                <PaymentHistoryCard personalId={personalId} />
              </Flex>
            </Col>
            <Col xs={24} xl={9}>
              <Flex vertical gap={16}>
                <AmountDueCard amountDue={data.amountDue} />
                <FlagsCard flags={data.flags} />
                <RepresentativesCard representatives={data.representatives} />
                <HistoryTimeline history={data.history} />
              </Flex>
            </Col>
          </Row>
        </>
      )}
    </>
  );
}
