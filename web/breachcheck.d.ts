// SPDX-License-Identifier: MPL-2.0
// Hand-written types for the breachcheck widget (Emscripten 3.1.6 cannot emit them). docs/WIDGET.md.
// The languages come from the registry (web/src/i18n/languages.js) through generated types/languages.d.ts.
import type { Language, LocalizedText } from './types/languages';
export type { Language, LocalizedText } from './types/languages';

/** Final status of a check. Only `affected` and `not_found` are answers; the others are never verdicts. */
export type CheckStatus = 'affected' | 'not_found' | 'invalid_input' | 'integrity_error' | 'unavailable';

/**
 * Field codes (docs/ERRORS.md) and data set / reader codes (integrity_error, unavailable). The codes are listed
 * once in wasm/core/util/error_codes.cpp; tests/js/error-codes.test.mjs checks these unions against that list.
 */
export type InputErrorCode =
  | 'nir_missing' | 'nir_length' | 'nir_format' | 'nir_key'
  | 'dob_missing' | 'dob_format' | 'dob_invalid' | 'dob_too_early' | 'dob_future' | 'dob_nir_mismatch'
  | 'rank_invalid';
/** Shown by `<breach-check>` next to the date before the engine runs (never in a {@link CheckResult}). */
export type FormErrorCode = 'dob_after_incident';
export type WarningCode = 'nir_provisional' | 'nir_unusual_sex';
export type ReaderErrorCode =
  | 'read_failed' | 'read_timeout' | 'read_range' | 'http_error' | 'http_not_found' | 'range_ignored'
  | 'range_mismatch' | 'range_not_satisfiable' | 'bucket_truncated' | 'engine_init' | 'engine_failure'
  | 'engine_stopped' | 'widget_integrity' | 'unexpected';
/** Data set codes (docs/ERRORS.md, "Data set"): with `integrity_error`, or `unavailable` for the kdf/engine ones. */
export type DatasetErrorCode =
  | 'header_truncated' | 'header_magic' | 'header_version' | 'header_mode' | 'header_layout' | 'header_buckets'
  | 'header_metadata_length' | 'header_record_count' | 'file_size' | 'publisher_key' | 'header_signature'
  | 'kdf_limits' | 'dataset_version' | 'dataset_created' | 'dataset_expired' | 'metadata_oprf' | 'oprf_endpoint'
  | 'metadata_json' | 'metadata_publisher' | 'metadata_catalog' | 'metadata_insurers' | 'metadata_version_salt'
  | 'bucket_index'
  | 'bucket_length' | 'bucket_signature' | 'bucket_order' | 'kdf_failed'
  // A directory of lists (docs/DIRECTORY.md): the directory itself, or one list against its directory entry.
  | 'directory_truncated' | 'directory_magic' | 'directory_format' | 'directory_key' | 'directory_signature'
  | 'directory_rollback' | 'directory_created' | 'directory_expired' | 'directory_body' | 'directory_kdf_mismatch'
  | 'directory_oprf_list';
/**
 * Hardened mode (OPRF data sets): the evaluation request failed. Always with status `unavailable`, never a verdict.
 * `oprf_rate_limited` comes with `retryAfter` when the server said how long to wait.
 */
export type OprfErrorCode =
  | 'oprf_rate_limited' | 'oprf_unreachable' | 'oprf_refused' | 'oprf_response' | 'oprf_proof' | 'oprf_unavailable'
  | 'oprf_not_expected';

/** Every code a {@link CheckResult} can carry in `errors`. */
export type ResultErrorCode = InputErrorCode | ReaderErrorCode | DatasetErrorCode | OprfErrorCode;

/** 'static': the file alone answers. 'oprf' (hardened): each check also asks the publisher's evaluation server. */
export type DatasetMode = 'static' | 'oprf';

export interface DatasetSummary {
  publisher: string;
  version: number;
  /** ISO 8601 UTC. */
  created: string;
  /** Short fingerprint of the signing key, e.g. "6be2 8e31 1227 2ac0": show it, so people can compare. */
  keyFingerprint: string;
  mode: DatasetMode;
}

/** The engine's description of a verified data set, shown as is (the widget derives nothing from it). */
export interface DatasetInfo extends DatasetSummary {
  notAfter: string;
  records: number;
  bucketCount: number;
  bucketStride: number;
  /** P: how many bits of the lookup tag the host learns from a bucket request (from the signed header). */
  prefixBits: number;
  /** Bytes before the first bucket (fixed header, metadata, signature). */
  headerLength: number;
  /** The file's size as its header computes it (a source of another size is refused: `file_size`). */
  fileSize: number;
  /**
   * Argon2id limits from the signed header. `belowDefaultFloor`: the default policy would refuse them (under
   * 8 MiB, or under 64 MiB x passes); only reachable with `allowWeakKdf`, and the widget then says so on screen.
   */
  kdf: { ops: number; memKiB: number; belowDefaultFloor: boolean };
  /** Hardened mode only, from the signed header. */
  oprf?: {
    /** Evaluation endpoints (1-8, https; loopback http only under the allowWeakKdf test policy). */
    endpoints: string[];
    /** Fingerprint of the evaluation server's public key, as printed by `breachcheck keygen --oprf` / `serve`. */
    keyFingerprint: string;
  };
}

export interface CheckInput {
  /** 13 or 15 characters; spaces, dots and dashes are ignored. For a beneficiary: the insured's NIR. */
  nir: string;
  /** YYYY-MM-DD (the beneficiary's own date when `beneficiary`). */
  birthDate: string;
  /** 1-9, for twins; empty or absent means 1. */
  birthRank?: string | number;
  /** Checking a beneficiary attached to the insured's NIR (no NIR/date cross-check). */
  beneficiary?: boolean;
}

export interface CheckResult {
  status: CheckStatus;
  /** Field codes for invalid_input; one data set / reader / evaluation code for integrity_error and unavailable. */
  errors?: ResultErrorCode[];
  warnings?: WarningCode[];
  /** Catalog category ids exposed for this record (affected only). */
  exposed?: string[];
  /** Catalog ids of categories stated as not exposed (affected only). */
  notExposed?: string[];
  /** Catalog operator ids (affected only). Never an insurer: the static list does not carry it. */
  operators?: string[];
  /** With `oprf_rate_limited`: seconds to wait before trying again (integer, 1-86400), when the server said. */
  retryAfter?: number;
  /** Absent only when the header itself could not be read. */
  dataset?: DatasetSummary;
}

/**
 * Something the checker can read byte ranges from (a custom source). It runs on the page; the engine's worker
 * asks for each range through the page. `read` resolves to exactly `length` bytes; when `signal` fires (the
 * check was aborted or the checker closed) it should stop and reject with `signal.reason`, like fetch.
 * A rejection with `{code, status}` (e.g. a ReadError-like object) is reported with that code; anything else
 * as `read_failed`. The bytes are copied before they go to the worker: the reader keeps its buffers.
 */
export interface DatasetReader {
  readonly size?: number;
  read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array>;
}

/** Options of the HTTP reader (the `readerOptions` of {@link LoadOptions}). */
export interface RangeReaderOptions {
  /** Per-request timeout in milliseconds (default 30000). */
  timeoutMs?: number;
  /** A fetch to use instead of the global one. */
  fetchImpl?: typeof fetch;
}

/** HTTP Range reader over a URL (the server must answer `206 Partial Content`: README, "Hosting the data set"). */
export declare class RangeReader implements DatasetReader {
  constructor(url: string | URL, options?: RangeReaderOptions);
  readonly size?: number;
  readonly kind: 'http';
  read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array>;
}
/** A local File or Blob (offline use). */
export declare class BlobReader implements DatasetReader {
  constructor(blob: Blob);
  readonly size: number;
  readonly kind: 'blob';
  read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array>;
}
/** Bytes already in memory. */
export declare class BytesReader implements DatasetReader {
  constructor(buffer: ArrayBuffer | ArrayBufferView);
  readonly size: number;
  readonly kind: 'bytes';
  read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array>;
}

export interface LoadOptions {
  /** URL (HTTP Range), File/Blob (local), ArrayBuffer/typed array (bundled), or a custom reader. */
  dataset: string | URL | Blob | ArrayBuffer | ArrayBufferView | DatasetReader;
  /** The publisher's Ed25519 public key, base64; two during a key rotation. */
  publisherKey: string | [string] | [string, string];
  /**
   * Refuse older data set versions (integrity_error, dataset_version). A decimal integer 0..4294967295, as a
   * number or a string of ASCII digits; anything else makes `load` reject with a ConfigError
   * (`min_version_invalid`) before anything is fetched.
   */
  minVersion?: number | string;
  /** Tests only: accept Argon2id limits below the default floor and http:// evaluation endpoints on loopback. */
  allowWeakKdf?: boolean;
  /** Options of the HTTP reader when `dataset` is a URL. */
  readerOptions?: RangeReaderOptions;
  /** Language for `BreachCheck.message` defaults (a registry language; 'fr' when absent). */
  lang?: Language;
}

/** Catalog (docs/CATALOG.md): labels, exposed / not exposed, operators, advice, sources. */
export interface Catalog {
  id: string;
  version: string;
  /** `date` (YYYY-MM-DD): the day by which the data had been taken; the element refuses a birth date after it. */
  incident?: { summary: LocalizedText; date?: string; sources: string[] };
  categories: Array<{ id: string; label: LocalizedText; description?: LocalizedText; sources: string[] }>;
  not_exposed_categories: Array<{ id: string; label: LocalizedText; description?: LocalizedText; sources: string[] }>;
  operators: Array<{ id: string; name: string; bit: number; extra_categories?: string[]; not_exposed?: string[]; note?: LocalizedText; sources: string[] }>;
  /** `text`: the action (short); `detail`: how and why, folded under it (absent when the catalog has none). */
  advice: Array<{ id: string; text: LocalizedText; detail?: LocalizedText; sources: string[] }>;
  sources: Array<{ id: string; title: string; publisher: string; date: string; url: string }>;
  /** What the widget says about this incident (docs/CATALOG.md, "widget"); absent in older catalogs. */
  widget?: {
    title: LocalizedText;
    intro: LocalizedText[];
    precheck?: { question: LocalizedText; operators: string[]; yes: LocalizedText; no: LocalizedText; unknown: LocalizedText; advice: string; caveat: string };
    priority_advice: string[];
    not_found_advice: string[];
    hidden_advice: string[];
    insurers_inform_advice: string;
    reassuring: string[];
    assessment_publisher: string;
    assessment_by: LocalizedText;
    not_found_reasons: LocalizedText[];
    fallback_advice: LocalizedText[];
    sources: string[];
  };
}

export interface Insurer {
  name: string;
  /** Operator ids this insurer works with (pre-check only; never linked to a record). */
  operators: string[];
}

export declare class Checker {
  /** 'ready' once the header is verified; otherwise why not. A failed load is retried by the next check. */
  readonly status: 'loading' | 'ready' | 'integrity_error' | 'unavailable' | 'closed';
  /** The code of the last load failure, or null. */
  readonly error: string | null;
  readonly dataset: DatasetInfo | null;
  readonly catalog: Catalog | null;
  readonly insurers: Insurer[];
  /**
   * Resolves to a result; never rejects for data or network problems. Checks run one at a time. With
   * `signal`, aborting stops the check's requests (the bucket's Range request, the evaluation request) and
   * rejects with `signal.reason` (an AbortError unless the caller gave one).
   */
  check(input: CheckInput, options?: { signal?: AbortSignal }): Promise<CheckResult>;
  /** Stops the engine worker. */
  close(): void;
}

/** Codes of a configuration mistake in the embedding page (docs/ERRORS.md, "Page configuration"). */
export type ConfigErrorCode = 'min_version_invalid';

/** What `load` rejects with (and `new Checker` throws) for a malformed option. */
export interface ConfigError extends Error {
  readonly name: 'ConfigError';
  readonly code: ConfigErrorCode;
}

/** The options of a check across every list of a signed directory (docs/DIRECTORY.md). */
export interface DirectoryLoadOptions {
  /** URL of the signed directory (`*.bcdir`, read whole, at most 65,668 bytes), a File/Blob, or its bytes. */
  directory: string | URL | Blob | ArrayBuffer | ArrayBufferView;
  /** The directory's Ed25519 public key, base64; two during a key rotation. */
  directoryKey: string | [string] | [string, string];
  /** Refuse older directory versions (each list's own floor is signed in the directory). As LoadOptions'. */
  minVersion?: number | string;
  /** Tests only, as LoadOptions'. */
  allowWeakKdf?: boolean;
  /** Options of the HTTP reader of each list. */
  readerOptions?: RangeReaderOptions;
  /** Where relative list URLs resolve when `directory` is not a URL (default: the page's address). */
  baseUrl?: string;
  /** A reader of your own for a list's URL (offline copies, tests); null or undefined: an HTTP Range reader. */
  listReader?: (url: string) => DatasetReader | null | undefined;
}

/** How a directory check ended: `incomplete` when no list found the person but some list could not be checked. */
export type DirectoryCheckStatus = CheckStatus | 'incomplete';

/** One list of a directory, as a result names it. */
export interface DirectoryListSummary {
  /** The list's id in the directory, `[a-z0-9-]{1,40}`. */
  id: string;
  /** The list's name per language, French always present. */
  name: Record<string, string>;
  /** Operator ids the list covers. */
  operators: string[];
  /** The list publisher's contact, when the directory gives one. */
  contact?: string;
  /** The list's verified header, once opened. */
  dataset?: DatasetSummary;
}

/** One list's outcome: found, not found, or unchecked (integrity_error, unavailable), never "not found" then. */
export interface DirectoryListResult extends DirectoryListSummary {
  status: 'affected' | 'not_found' | 'integrity_error' | 'unavailable';
  errors?: ResultErrorCode[];
  warnings?: WarningCode[];
  exposed?: string[];
  notExposed?: string[];
}

/** The result of a directory check: the combined status and every list's own outcome, in directory order. */
export interface DirectoryCheckResult {
  status: DirectoryCheckStatus;
  /** invalid_input's field codes, or the code of a failure that stopped every list. */
  errors?: ResultErrorCode[];
  /** Absent only for invalid_input and for a failure before any list could be checked. */
  lists?: DirectoryListResult[];
}

/** What `load` resolves to for a directory (its code is loaded only then: dist/directory.mjs or the bundler's chunk). */
export interface DirectoryChecker {
  /** 'ready' once the directory and at least one list are verified; otherwise why not. */
  readonly status: 'loading' | 'ready' | 'integrity_error' | 'unavailable' | 'closed';
  readonly error: string | null;
  /** The verified directory: its version, created and notAfter (ISO 8601 UTC) and the incident's id. */
  readonly directory: { version: number; created: string; notAfter: string; incident: string } | null;
  /** Every list, in directory order, with its state after opening ('ready', or why not and `errors`). */
  readonly lists: Array<DirectoryListSummary & { status: 'ready' | 'integrity_error' | 'unavailable'; errors?: string[] }>;
  /** The first opened list's description (the incident and the method, shared by every list of a directory). */
  readonly dataset: DatasetInfo | null;
  readonly catalog: Catalog | null;
  readonly insurers: Insurer[];
  check(input: CheckInput, options?: { signal?: AbortSignal }): Promise<DirectoryCheckResult>;
  close(): void;
}

export interface BreachCheckApi {
  readonly version: string;
  /**
   * Reads and verifies the header, starts and warms the engine; resolves whatever the data set's state.
   * Rejects only with a {@link ConfigError} for a malformed option, before any request.
   */
  load(options: LoadOptions): Promise<Checker>;
  /** Every list of a signed directory, checked at once: one Argon2id per KDF setting, one bucket per list. */
  load(options: DirectoryLoadOptions): Promise<DirectoryChecker>;
  /**
   * Localized message for an input error or warning code, the form's `dob_after_incident`, an evaluation
   * (oprf_*) code or a configuration code (min_version_invalid); any other code comes back unchanged. For
   * `oprf_rate_limited`, pass the result's `retryAfter` to get the wait in the text. The oprf_* texts come
   * with the hardened-mode code, loaded when a hardened data set is: until then those codes come back
   * unchanged too (a static data set never produces them).
   */
  message(code: ResultErrorCode | FormErrorCode | WarningCode | ConfigErrorCode | (string & {}), lang?: Language, retryAfter?: number): string;
  readonly Checker: typeof Checker;
  /** The reader {@link LoadOptions.dataset} turns into: a URL, Blob, bytes, or a custom reader as is. */
  createReader(dataset: LoadOptions['dataset'], options?: RangeReaderOptions): DatasetReader;
  readonly readers: {
    readonly RangeReader: typeof RangeReader;
    readonly BlobReader: typeof BlobReader;
    readonly BytesReader: typeof BytesReader;
  };
  /**
   * The custom element class, defined as <breach-check> on import in a browser; undefined when the package
   * is imported in Node or during server-side rendering (no DOM there).
   */
  readonly Element: typeof BreachCheckElement | undefined;
}

export declare const BreachCheck: BreachCheckApi;
export default BreachCheck;

/**
 * Detail of the opt-in result events (`breachcheck:result`, `breachcheckresult`): the status and nothing else;
 * with `directory`, also each list's id and status (never what was exposed, never anything typed).
 */
export interface BreachCheckResultDetail {
  status: DirectoryCheckStatus;
  lists?: Array<{ id: string; status: DirectoryListResult['status'] }>;
}

/** The opt-in result event, under either name. */
export type BreachCheckResultEvent = CustomEvent<BreachCheckResultDetail>;

/**
 * Every attribute of `<breach-check>`, as markup writes it (custom-elements.json lists the same ones; a test
 * checks both against the attributes the element reads). Boolean attributes: present or absent.
 */
export interface BreachCheckAttributes {
  /** URL of the signed data set (HTTP Range). */
  src?: string;
  /** @deprecated The first name of `src` (same value; warns once). Frameworks that set properties cannot use it. */
  dataset?: string;
  /** The publisher's Ed25519 public key, base64; two, space-separated, during a key rotation. */
  'publisher-key'?: string;
  /** URL of a signed directory of lists: every list it names is checked at once (instead of `src`). */
  directory?: string;
  /** The directory's Ed25519 public key, base64; two, space-separated, during a key rotation. */
  'directory-key'?: string;
  /** A registry language, 'fr' by default (another value falls back to it). */
  lang?: Language | (string & {});
  /** The oldest data set version accepted (a decimal integer 0-4294967295): older is integrity_error. */
  'min-version'?: string | number;
  /** Tests and demos only: accept a light Argon2id (the widget then says so on screen). */
  'allow-weak-kdf'?: boolean | '';
  /** Publisher pages only: dispatch the status-only result events. */
  'result-event'?: boolean | '';
  /** The publisher's contact shown with results: https:…, mailto:…, tel:… or text. */
  'publisher-contact'?: string;
  /** The https address of the publisher's legal notice. */
  'publisher-legal'?: string;
  /** Hides the insurer pre-check. */
  'hide-precheck'?: boolean | '';
  /** Level of the widget's title, 1-5 (default 2). */
  'heading-level'?: 1 | 2 | 3 | 4 | 5 | '1' | '2' | '3' | '4' | '5';
}

/**
 * The element's properties: each reads and writes its attribute (camelCase of the attribute's name), so
 * frameworks that set properties (React 19, Preact, Vue) configure it as markup would. Strings read `null`
 * when the attribute is absent, and setting `null` or `undefined` removes it; booleans are the attribute's
 * presence. `dataset` has no property of its own: it stays HTMLElement's data-* map (use `src`).
 */
export interface BreachCheckProperties {
  /** `src`; reads the older `dataset` attribute when `src` is absent. */
  src: string | null;
  /** `publisher-key`; an array of two keys is written space-separated. */
  publisherKey: string | null;
  /** `min-version`. */
  minVersion: string | null;
  /**
   * `lang`; reads the language in use (a registry language). Typed as HTMLElement's `string` plus the registry's
   * names, so that the element class, which extends HTMLElement, can implement this interface.
   */
  lang: Language | (string & {});
  /** `allow-weak-kdf`. */
  allowWeakKdf: boolean;
  /** `result-event`. */
  resultEvent: boolean;
  /** `publisher-contact`. */
  publisherContact: string | null;
  /** `publisher-legal`. */
  publisherLegal: string | null;
  /** `hide-precheck`. */
  hidePrecheck: boolean;
  /** `heading-level`. */
  headingLevel: string | null;
  /** `directory`. */
  directory: string | null;
  /** `directory-key`; an array of two keys is written space-separated. */
  directoryKey: string | null;
}

/** What each property accepts when set (a framework's prop values). */
export interface BreachCheckPropertyValues {
  src?: string | URL | null;
  publisherKey?: string | [string] | [string, string] | null;
  minVersion?: string | number | null;
  lang?: Language | (string & {});
  allowWeakKdf?: boolean;
  resultEvent?: boolean;
  publisherContact?: string | null;
  publisherLegal?: string | null;
  hidePrecheck?: boolean;
  headingLevel?: 1 | 2 | 3 | 4 | 5 | '1' | '2' | '3' | '4' | '5' | null;
  directory?: string | URL | null;
  directoryKey?: string | [string] | [string, string] | null;
}

/**
 * <breach-check src="URL" publisher-key="BASE64 [BASE64]" lang="fr|en" [min-version="N"]
 *               [allow-weak-kdf] [result-event] [publisher-contact="https:…|mailto:…|tel:…|text"] [publisher-legal="https:…"]
 *               [hide-precheck] [heading-level="1-5"]>
 * or, for every list of a signed directory at once: <breach-check directory="URL" directory-key="BASE64" …>
 *   <img slot="logo" …>   the publisher's logo, next to "Outil de <publisher>" (optional)
 *   <div slot="help">…</div>   an insurer's own help text and contact, shown in the latest verdict and in failures
 * </breach-check>
 * `lang`, `publisher-contact`, `hide-precheck` and `heading-level` re-render and keep what was typed (in memory).
 * No `src` (nor `setDataset`) 2 s after the page's load event: a message in place of the widget, one console warning.
 */
export declare class BreachCheckElement extends HTMLElement implements BreachCheckProperties {
  src: string | null;
  publisherKey: string | null;
  minVersion: string | null;
  lang: string;
  allowWeakKdf: boolean;
  resultEvent: boolean;
  publisherContact: string | null;
  publisherLegal: string | null;
  hidePrecheck: boolean;
  headingLevel: string | null;
  directory: string | null;
  directoryKey: string | null;
  /**
   * Uses a local file or bytes instead of the `src` attribute (offline page). `null`: none yet, one will come
   * this way (a file picker): the element waits without reporting a missing data set.
   */
  setDataset(source: Blob | ArrayBuffer | ArrayBufferView | null): void;
}

/**
 * Defines the element (`breachcheck-widget/element`, `/define`): under `name`, default 'breach-check' (another name
 * gets a subclass of its own); does nothing if that name is already defined. A no-op in Node (no DOM).
 */
export declare function defineBreachCheckElement(name?: string): void;

declare global {
  interface HTMLElementTagNameMap {
    'breach-check': BreachCheckElement;
  }
  interface HTMLElementEventMap {
    'breachcheck:result': CustomEvent<BreachCheckResultDetail>;
    breachcheckresult: CustomEvent<BreachCheckResultDetail>;
  }
  interface Window {
    /** Defined by the classic build (dist/breachcheck.classic.js). */
    BreachCheck?: BreachCheckApi;
  }
}
