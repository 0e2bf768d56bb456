import { useCallback, useMemo } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { withQuery } from '../../api/client';

/**
 * The registry's views live under the one /registry route (the shell's module registry has no
 * nested paths): `?id=` a beneficiary, `?form=new|edit`, `?tab=review`, plus the list's filters.
 * Each link remembers where it came from (`back`) and the last list page seen (`list`), so "back"
 * returns to the same filtered list page, also after a form was saved.
 */
interface BackState {
  back?: string;
  list?: string;
}

export function useRegistryLinks() {
  const navigate = useNavigate();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  const state = (location.state as BackState | null) ?? {};
  const params = new URLSearchParams(location.search);
  const onList = location.pathname === '/registry' && !params.has('id') && !params.has('form');
  const list = onList ? here : state.list;
  const { back } = state;

  const go = useCallback((target: string) => navigate(target, { state: { back: here, list } satisfies BackState }), [navigate, here, list]);

  return useMemo(
    () => ({
      detail: (personalId: string) => go(withQuery('/registry', { id: personalId })),
      create: (fromPersonalId?: string) => go(withQuery('/registry', { form: 'new', from: fromPersonalId })),
      edit: (personalId: string, category?: string) => go(withQuery('/registry', { form: 'edit', id: personalId, category })),
      /** After saving: the beneficiary's page replaces the form, and its "back" leads to the list. */
      savedDetail: (personalId: string) => navigate(withQuery('/registry', { id: personalId }), { replace: true, state: { back: list ?? '/registry', list } satisfies BackState }),
      list: (query?: Record<string, string | undefined>) => navigate(withQuery('/registry', query)),
      /** Where this view came from; a page reached that way goes back to the list in turn. */
      back: (fallback = '/registry') => navigate(back ?? fallback, { state: { back: list, list } satisfies BackState }),
    }),
    [go, navigate, back, list],
  );
}
