// The rulebook is data: the page that shows it is checked against it.
import { rulebookRows } from '../../../src/control/rules';
import { docsTableRows } from '../../support/markdown-table';

describe('the rulebook', () => {
  it('is the table docs/design.md shows, row for row', () => {
    expect(docsTableRows('design.md', '- `rules.ts`')).toEqual(rulebookRows());
  });
});
