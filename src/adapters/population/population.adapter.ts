/**
 * The national population database (CSDLQG về dân cư, DOMAIN.md §4.4) as seen by ASXH Pay: an
 * identity look-up by personal ID. Services depend on this interface only, so tests and the demo
 * use the simulator (src/simulators/population) through the same HTTP client as production.
 */

/** The answer for one personal ID. Dates are ISO `YYYY-MM-DD`. */
export interface PopulationRecord {
  personalId: string;
  /** false: the ID is unknown to the population database (every other field is then null). */
  found: boolean;
  fullName: string | null;
  birthDate: string | null;
  sex: 'M' | 'F' | null;
  deceased: boolean;
  deathDate: string | null;
  /** Current (2025) 5-digit commune code of permanent residence. */
  residenceCommuneCode: string | null;
}

export interface PopulationAdapter {
  /**
   * Looks up people by personal ID. The answer holds at most one record per requested ID, in any
   * order; an ID missing from the answer is a protocol error the caller records as such. Throws an
   * `AppError` (POPULATION_*) when the database cannot be reached.
   */
  lookup(personalIds: readonly string[]): Promise<PopulationRecord[]>;
}

/** Request and response bodies of `POST /v1/citizens/lookup` (client and simulator share them). */
export interface PopulationLookupRequest {
  ids: string[];
}

export interface PopulationLookupResponse {
  results: PopulationRecord[];
}

/** IDs per look-up request: the population service's own cap, so the client splits larger sets. */
export const populationIdsPerRequestMax = 500;

/** Header carrying the API key issued to the locality by the population-data centre. */
export const populationApiKeyHeader = 'x-api-key';
