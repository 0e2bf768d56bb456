import { LeftOutlined, RightOutlined, VerticalRightOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useState, type CSSProperties } from 'react';
import { useI18n } from '../../language';

export interface KeysetPagerProps {
  page: number;
  hasNext: boolean;
  onFirst(): void;
  onPrevious(): void;
  onNext(): void;
}

/**
 * Paging for the server's keyset lists (`before`/`after` = the last id of the page): no total
 * count, only forward ("Trang sau") and back through the cursors already seen. `labels` names the
 * buttons otherwise (the audit log: newest, newer, older).
 */
export function KeysetPager({
  page,
  hasNext,
  onFirst,
  onPrevious,
  onNext,
  labels,
  size,
  style,
}: KeysetPagerProps & { labels?: { first: string; previous: string; next: string }; size?: 'small' | 'middle'; style?: CSSProperties }) {
  const { t } = useI18n();
  return (
    <Flex justify="flex-end" align="center" gap={8} wrap style={{ padding: 12, ...style }}>
      <Typography.Text type="secondary">{t('pager.page', { page })}</Typography.Text>
      <Button size={size} icon={<VerticalRightOutlined />} disabled={page <= 1} onClick={onFirst}>
        {labels?.first ?? t('pager.first')}
      </Button>
      <Button size={size} icon={<LeftOutlined />} disabled={page <= 1} onClick={onPrevious}>
        {labels?.previous ?? t('pager.previous')}
      </Button>
      <Button size={size} type="primary" ghost disabled={!hasNext} onClick={onNext} iconPlacement="end" icon={<RightOutlined />}>
        {labels?.next ?? t('pager.next')}
      </Button>
    </Flex>
  );
}

/**
 * The cursors of the pages seen so far, kept in the component: `cursor` is the current page's
 * (undefined on the first page); `pager(next)` gives KeysetPager its props, `next` being the
 * cursor of the page after this one (null when this is the last page).
 */
export function useCursors(): { cursor: number | undefined; page: number; reset(): void; pager(next: number | null | undefined): KeysetPagerProps } {
  const [cursors, setCursors] = useState<number[]>([]);
  const reset = () => setCursors([]);
  return {
    cursor: cursors.at(-1),
    page: cursors.length + 1,
    reset,
    pager: (next) => ({
      page: cursors.length + 1,
      hasNext: next !== null && next !== undefined,
      onFirst: reset,
      onPrevious: () => setCursors((list) => list.slice(0, -1)),
      onNext: () => {
        if (next !== null && next !== undefined) setCursors((list) => [...list, next]);
      },
    }),
  };
}
