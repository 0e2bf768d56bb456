import { LeftOutlined, RightOutlined, VerticalRightOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useI18n } from '../../language';

/**
 * Paging for the server's keyset lists (`before` = the last id of the page): no total count, only
 * forward ("Trang sau") and back through the cursors already seen.
 */
export function KeysetPager({ page, hasNext, onFirst, onPrevious, onNext }: { page: number; hasNext: boolean; onFirst(): void; onPrevious(): void; onNext(): void }) {
  const { t } = useI18n();
  return (
    <Flex justify="flex-end" align="center" gap={8} wrap style={{ padding: 12 }}>
      <Typography.Text type="secondary">{t('pager.page', { page })}</Typography.Text>
      <Button icon={<VerticalRightOutlined />} disabled={page <= 1} onClick={onFirst}>
        {t('pager.first')}
      </Button>
      <Button icon={<LeftOutlined />} disabled={page <= 1} onClick={onPrevious}>
        {t('pager.previous')}
      </Button>
      <Button type="primary" ghost disabled={!hasNext} onClick={onNext} iconPlacement="end" icon={<RightOutlined />}>
        {t('pager.next')}
      </Button>
    </Flex>
  );
}
