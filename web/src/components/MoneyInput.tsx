import { Input, type FormRule, type InputProps, type InputRef } from 'antd';
import { useLayoutEffect, useRef } from 'react';
import { useI18n } from '../language';
import { groupDigits, parseVndInput, type VndInputProblem } from '../money';

/**
 * An amount of whole đồng, typed with the vi-VN grouping shown as you type ("1.234.567 ₫"). The
 * field's value is the digits ("1234567"), or the text as typed when it is not a whole amount
 * (a decimal comma, a letter), so that `useVndRules` can say what is wrong instead of the input
 * silently dropping it. Read it with parseVndInput.
 */
export function MoneyInput({ value, onChange, ...props }: { value?: string; onChange?(value: string): void } & Omit<InputProps, 'value' | 'onChange'>) {
  const text = value ?? '';
  const shown = /^\d+$/.test(text) ? groupDigits(BigInt(text)) : text;
  const input = useRef<InputRef>(null);
  /** Digits left of the caret after the last keystroke: the caret goes back after them once regrouped. */
  const caretDigits = useRef<number | null>(null);

  useLayoutEffect(() => {
    const element = input.current?.input;
    const digits = caretDigits.current;
    caretDigits.current = null;
    if (!element || digits === null || document.activeElement !== element) return;
    let position = 0;
    for (let seen = 0; position < shown.length && seen < digits; position += 1) if (/\d/.test(shown[position]!)) seen += 1;
    element.setSelectionRange(position, position);
  }, [shown]);

  return (
    <Input
      inputMode="numeric"
      autoComplete="off"
      suffix="₫"
      {...props}
      ref={input}
      value={shown}
      onChange={(event) => {
        const typed = event.target.value;
        caretDigits.current = typed.slice(0, event.target.selectionStart ?? typed.length).replace(/\D/g, '').length;
        const compact = typed.replace(/[.\s\u00a0]/g, '');
        onChange?.(/^\d*$/.test(compact) ? compact.replace(/^0+(?=\d)/, '') : typed);
      }}
    />
  );
}

const problemKeys = {
  empty: 'money.required',
  notInteger: 'money.notInteger',
  negative: 'money.negative',
  tooLarge: 'money.tooLarge',
} as const satisfies Record<VndInputProblem, string>;

/** The form rules of an amount field: required (with `requiredMessage`), whole đồng, not negative, not absurd. */
export function useVndRules({ requiredMessage }: { requiredMessage?: string } = {}): FormRule[] {
  const { t } = useI18n();
  return [
    {
      required: true,
      validator: async (_rule, value: string | undefined) => {
        const parsed = parseVndInput(value);
        if (parsed.ok) return;
        throw new Error(parsed.problem === 'empty' && requiredMessage ? requiredMessage : t(problemKeys[parsed.problem]));
      },
    },
  ];
}
