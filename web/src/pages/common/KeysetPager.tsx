import { LeftOutlined, RightOutlined, VerticalRightOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useI18n } from '../../language';

const labels = {
  vi: { page: 'Trang {page}', first: 'Trang đầu', previous: 'Trang trước', next: 'Trang sau' },
  en: { page: 'Page {page}', first: 'First page', previous: 'Previous', next: 'Next page' },
} as const;

/**
 * Paging for the server's keyset lists (`before` = the last id of the page): no total count, only
 * forward ("Trang sau") and back through the cursors already seen.
 */
export function KeysetPager({ page, hasNext, onFirst, onPrevious, onNext }: { page: number; hasNext: boolean; onFirst(): void; onPrevious(): void; onNext(): void }) {
  const { language } = useI18n();
  const text = labels[language];
  return (
    <Flex justify="flex-end" align="center" gap={8} wrap style={{ padding: 12 }}>
      <Typography.Text type="secondary">{text.page.replace('{page}', String(page))}</Typography.Text>
      <Button icon={<VerticalRightOutlined />} disabled={page <= 1} onClick={onFirst}>
        {text.first}
      </Button>
      <Button icon={<LeftOutlined />} disabled={page <= 1} onClick={onPrevious}>
        {text.previous}
      </Button>
      <Button type="primary" ghost disabled={!hasNext} onClick={onNext} iconPlacement="end" icon={<RightOutlined />}>
        {text.next}
      </Button>
    </Flex>
  );
}
