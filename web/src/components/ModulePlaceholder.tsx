import { Card, Empty, Typography } from 'antd';
import { useI18n } from '../language';
import { localityLabel, useLocality } from '../locality';
import type { MessageKey } from '../i18n';
import { PageHeader } from './PageHeader';

/** The frame of a module that is not built yet: its title, what it will do, and an empty state. */
export function ModulePlaceholder({ titleKey, descriptionKey }: { titleKey: MessageKey; descriptionKey: MessageKey }) {
  const { t } = useI18n();
  const { locality } = useLocality();
  return (
    <>
      <PageHeader title={t(titleKey)} subtitle={localityLabel(locality, t('common.national'))} />
      <Card>
        <Empty
          description={
            <>
              <Typography.Paragraph strong style={{ marginBottom: 4 }}>
                {t('module.building')}
              </Typography.Paragraph>
              <Typography.Paragraph type="secondary" style={{ maxWidth: 560, margin: '0 auto' }}>
                {t(descriptionKey)}
              </Typography.Paragraph>
            </>
          }
        />
      </Card>
    </>
  );
}
