import { Table, type TableProps } from 'antd';
import type { ReactNode } from 'react';

/**
 * A table as the app's lists show it: pages of `pageSize` rows without a page-size changer and no
 * pager when one page holds everything, `showTotal` beside the pager, scrolled sideways below
 * `minWidth` pixels (phones). Without `pageSize` every row given is shown (the server's own pages).
 */
export function DataTable<T extends object>({
  pageSize,
  showTotal,
  minWidth,
  ...props
}: Omit<TableProps<T>, 'pagination' | 'scroll'> & { pageSize?: number; showTotal?(total: number): ReactNode; minWidth?: number }) {
  return (
    <Table<T>
      pagination={pageSize ? { pageSize, hideOnSinglePage: true, showSizeChanger: false, showTotal: showTotal ? (total) => showTotal(total) : undefined } : false}
      scroll={minWidth ? { x: minWidth } : undefined}
      {...props}
    />
  );
}
