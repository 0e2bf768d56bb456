import { Select } from 'antd';
import { foldedSearch } from './select';

export interface FilterOption {
  value: string;
  label: string;
}

/**
 * One filter above a list: a clearable choice named by `label` (shown as its placeholder unless
 * `placeholder` says otherwise, and read by screen readers); clearing it gives undefined.
 * `search` finds options typed without diacritics; `wide` lets the options be wider than the box.
 */
export function FilterSelect<V extends string = string>({
  label,
  placeholder,
  value,
  onChange,
  options,
  width = 170,
  search,
  wide,
}: {
  label: string;
  placeholder?: string;
  value: V | undefined;
  onChange(value: V | undefined): void;
  options: readonly { value: V; label: string }[];
  width?: number;
  search?: boolean;
  wide?: boolean;
}) {
  return (
    <Select<V>
      aria-label={label}
      placeholder={placeholder ?? label}
      allowClear
      style={{ width }}
      value={value}
      onChange={(next?: V) => onChange(next || undefined)}
      options={options as { value: V; label: string }[]}
      showSearch={search ? foldedSearch : undefined}
      popupMatchSelectWidth={wide ? false : undefined}
    />
  );
}
