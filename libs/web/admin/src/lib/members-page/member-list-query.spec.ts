import {
  DEFAULT_PAGE_SIZE,
  FIRST_PAGE,
  lastPageIfPast,
  memberQueryFromParams,
  memberQueryToParams,
  pageInfo,
  turnPage,
  userListQuery,
} from './member-list-query';

describe('member list query', () => {
  it('reads search and page from the URL, mending what the API would refuse', () => {
    expect(memberQueryFromParams({})).toEqual(FIRST_PAGE);
    expect(memberQueryFromParams({ q: '  ann ', offset: '100', limit: '25' })).toEqual({
      q: 'ann',
      offset: 100,
      limit: 25,
    });
    // Not a page start: the page that holds it.
    expect(memberQueryFromParams({ offset: '73', limit: '25' }).offset).toBe(50);
    // Out of range or unreadable: the defaults.
    expect(memberQueryFromParams({ offset: '-5', limit: '0' })).toEqual(FIRST_PAGE);
    expect(memberQueryFromParams({ limit: '500' }).limit).toBe(DEFAULT_PAGE_SIZE);
    expect(memberQueryFromParams({ offset: '1e3', limit: 'ten' })).toEqual(FIRST_PAGE);
    expect(memberQueryFromParams({ q: ['a', 'b'] }).q).toBe('');
  });

  it('writes only what differs from the first page into the URL', () => {
    expect(memberQueryToParams(FIRST_PAGE)).toEqual({ q: null, offset: null, limit: null });
    expect(memberQueryToParams({ q: 'ann', offset: 50, limit: 25 })).toEqual({
      q: 'ann',
      offset: '50',
      limit: '25',
    });
    const back = memberQueryFromParams(
      Object.fromEntries(
        Object.entries(memberQueryToParams({ q: 'ann', offset: 50, limit: 25 })).filter(
          ([, value]) => value !== null,
        ),
      ),
    );
    expect(back).toEqual({ q: 'ann', offset: 50, limit: 25 });
  });

  it('asks the API for exactly that page', () => {
    expect(userListQuery(FIRST_PAGE)).toEqual({ offset: 0, limit: 50 });
    expect(userListQuery({ q: 'ann', offset: 50, limit: 25 })).toEqual({
      q: 'ann',
      offset: 50,
      limit: 25,
    });
  });

  it('says which part of the total a page shows', () => {
    expect(pageInfo(FIRST_PAGE, 50, 312)).toEqual({
      summary: 'Showing 1–50 of 312',
      hasPrevious: false,
      hasNext: true,
      page: 1,
      pages: 7,
    });
    expect(pageInfo({ q: '', offset: 300, limit: 50 }, 12, 312)).toEqual({
      summary: 'Showing 301–312 of 312',
      hasPrevious: true,
      hasNext: false,
      page: 7,
      pages: 7,
    });
    // Exactly full pages: no empty page after the last.
    expect(pageInfo({ q: '', offset: 50, limit: 50 }, 50, 100).hasNext).toBe(false);
    expect(pageInfo(FIRST_PAGE, 0, 0).summary).toBe('No members yet.');
    expect(pageInfo({ ...FIRST_PAGE, q: 'zed' }, 0, 0).summary).toBe('No members match “zed”.');
    expect(pageInfo(FIRST_PAGE, 0, 0).pages).toBe(1);
  });

  it('turns pages, never before the first', () => {
    expect(turnPage({ q: 'a', offset: 50, limit: 50 }, 1)).toEqual({
      q: 'a',
      offset: 100,
      limit: 50,
    });
    expect(turnPage({ q: 'a', offset: 50, limit: 50 }, -1).offset).toBe(0);
    expect(turnPage(FIRST_PAGE, -1).offset).toBe(0);
  });

  it('goes back to the last page when a page lies past the end', () => {
    // The last member of page 3 was removed: 100 left, page 3 (offset 100) is empty.
    expect(lastPageIfPast({ q: '', offset: 100, limit: 50 }, 0, 100)).toEqual({
      q: '',
      offset: 50,
      limit: 50,
    });
    expect(lastPageIfPast({ q: '', offset: 500, limit: 25 }, 0, 26)?.offset).toBe(25);
    // Nothing to mend.
    expect(lastPageIfPast({ q: '', offset: 50, limit: 50 }, 10, 60)).toBeNull();
    expect(lastPageIfPast({ q: 'zed', offset: 0, limit: 50 }, 0, 0)).toBeNull();
  });
});
