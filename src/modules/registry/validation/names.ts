import { foldVietnamese } from '../../../core/text.js';

/**
 * Whether an account holder's name is the same as a person's name. Banks and wallets often keep
 * names in upper-case ASCII ("NGUYEN THI DAO"), so the comparison ignores case, diacritics, đ/Đ and
 * extra spaces (DOMAIN.md §4.4). An empty name never matches.
 */
export function namesMatch(holder: string, candidate: string): boolean {
  if (holder === candidate) return holder.trim() !== '';
  const folded = foldVietnamese(holder);
  return folded !== '' && folded === foldVietnamese(candidate);
}
