import { matchesFolded } from '../../text';

/** antd Select search that ignores diacritics: "khuyet tat" finds "Người khuyết tật nặng". */
export const foldedSearch = {
  filterOption: (input: string, option?: { label?: unknown; value?: unknown }) =>
    matchesFolded(String(option?.label ?? ''), input) || String(option?.value ?? '').toLowerCase().includes(input.trim().toLowerCase()),
};
