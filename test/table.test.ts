import { describe, expect, it } from 'vitest';
import { escapeHtml, mdCell, renderTable } from '../src/table.js';

describe('renderTable', () => {
  it('pads columns, right-aligns numbers and cuts long cells', () => {
    const text = renderTable(
      [{ header: 'name' }, { header: 'n', align: 'right' }, { header: 'note', max: 6 }],
      [
        ['a', '1', 'short'],
        ['bbb', '100', 'much too long'],
      ],
    );
    expect(text.split('\n')).toEqual(['name    n  note', '────  ───  ──────', 'a       1  short', 'bbb   100  much …']);
  });
  it('escapes for markdown and html', () => {
    expect(mdCell('a|b\nc')).toBe('a\\|b c');
    expect(escapeHtml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });
});
