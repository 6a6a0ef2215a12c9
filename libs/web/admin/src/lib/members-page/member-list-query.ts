import type { Params } from '@angular/router';
import type { UserListQuery } from '@hyperion/contracts';

/** Page sizes offered; the API accepts 1 to 200. */
export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;
/** The API's longest search text is generous; the URL keeps a sane one. */
const MAX_SEARCH_LENGTH = 200;

/** What the members page shows: the search text and the page, read from and kept in the URL. */
export interface MemberListQuery {
  /** '' = everyone. */
  readonly q: string;
  readonly offset: number;
  readonly limit: number;
}

export const FIRST_PAGE: MemberListQuery = { q: '', offset: 0, limit: DEFAULT_PAGE_SIZE };

/** A whole number from a query parameter, or null when it is not one. */
function wholeNumber(value: unknown): number | null {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : null;
}

/**
 * The query the URL asks for (`?q=ann&offset=50&limit=25`). Whatever a hand-edited URL holds, the
 * result is one the API accepts: a missing or unreadable offset is 0, a limit outside 1..200 is
 * the default, and the offset is a multiple of the limit (a page start).
 */
export function memberQueryFromParams(params: Params): MemberListQuery {
  const q = typeof params['q'] === 'string' ? params['q'].trim().slice(0, MAX_SEARCH_LENGTH) : '';
  const asked = wholeNumber(params['limit']);
  const limit = asked !== null && asked >= 1 && asked <= MAX_PAGE_SIZE ? asked : DEFAULT_PAGE_SIZE;
  const offset = wholeNumber(params['offset']) ?? 0;
  return { q, offset: offset - (offset % limit), limit };
}

/**
 * The URL's query parameters for it: only what differs from the first page of everyone, so a
 * plain `/admin/users` stays plain (null removes a parameter when merged).
 */
export function memberQueryToParams(query: MemberListQuery): Params {
  return {
    q: query.q === '' ? null : query.q,
    offset: query.offset === 0 ? null : String(query.offset),
    limit: query.limit === DEFAULT_PAGE_SIZE ? null : String(query.limit),
  };
}

/** The API request for it (`GET /api/v1/users?q=&offset=&limit=`). */
export function userListQuery(query: MemberListQuery): UserListQuery {
  return {
    ...(query.q === '' ? {} : { q: query.q }),
    offset: query.offset,
    limit: query.limit,
  };
}

/** The pager under the table. */
export interface PageInfo {
  /** "Showing 1–50 of 312", "No members match “ann”" ... */
  readonly summary: string;
  readonly hasPrevious: boolean;
  readonly hasNext: boolean;
  /** 1-based, for the "Page 2 of 7" label. */
  readonly page: number;
  readonly pages: number;
}

/** Paging maths: what the page shows of `total` members, given the items it received. */
export function pageInfo(query: MemberListQuery, shown: number, total: number): PageInfo {
  const pages = Math.max(1, Math.ceil(total / query.limit));
  const page = Math.floor(query.offset / query.limit) + 1;
  const hasPrevious = query.offset > 0;
  const hasNext = query.offset + query.limit < total;
  if (shown === 0) {
    const summary =
      total === 0
        ? query.q === ''
          ? 'No members yet.'
          : `No members match “${query.q}”.`
        : `Nothing on this page — ${total} in all.`;
    return { summary, hasPrevious, hasNext, page, pages };
  }
  const first = query.offset + 1;
  const last = query.offset + shown;
  return { summary: `Showing ${first}–${last} of ${total}`, hasPrevious, hasNext, page, pages };
}

/** The previous / next page (never before the first). */
export function turnPage(query: MemberListQuery, direction: -1 | 1): MemberListQuery {
  return { ...query, offset: Math.max(0, query.offset + direction * query.limit) };
}

/**
 * Where to go when a page came back empty although members match (the last ones on it were
 * removed, or a shared link points past the end): the last page that has any; null when the page
 * is right as it is.
 */
export function lastPageIfPast(
  query: MemberListQuery,
  shown: number,
  total: number,
): MemberListQuery | null {
  if (shown > 0 || total === 0 || query.offset < total) {
    return null;
  }
  const offset = Math.floor((total - 1) / query.limit) * query.limit;
  return { ...query, offset };
}
