import { describe, expect, it } from 'vitest';
import { escapeXml, leaf, optionalLeaf } from './xml.js';

describe('escapeXml', () => {
  it('escapes the five specials and keeps Vietnamese', () => {
    expect(escapeXml(`Đào & <Út> "A" 'B'`)).toBe('Đào &amp; &lt;Út&gt; &quot;A&quot; &apos;B&apos;');
  });

  it('replaces characters XML 1.0 cannot carry', () => {
    expect(escapeXml('a\u0000b\u0007c\u001Fd\uFFFEe\uD800f')).toBe('a b c d e f');
    expect(escapeXml('tab\tline\nreturn\r')).toBe('tab\tline\nreturn\r');
  });

  it('renders leaves and optional leaves', () => {
    expect(leaf('Nm', 'A&B')).toBe('<Nm>A&amp;B</Nm>');
    expect(optionalLeaf('Nm', undefined)).toBe('');
    expect(optionalLeaf('Nm', null)).toBe('');
    expect(optionalLeaf('Nm', '')).toBe('<Nm></Nm>');
  });
});
