import { Input } from 'antd';
import type { CSSProperties } from 'react';

/** Searches a list already loaded on Enter (or the button); emptying the box clears the search. */
export function SearchBox({ placeholder, onSearch, style }: { placeholder: string; onSearch(query: string): void; style?: CSSProperties }) {
  return <Input.Search allowClear aria-label={placeholder} placeholder={placeholder} style={style} onSearch={onSearch} onChange={(event) => !event.target.value && onSearch('')} />;
}
