/**
 * One registry of the hub's error codes. Every error a client can see is built here, so each code
 * has one meaning, one HTTP-independent shape and a message a person can act on.
 */
import { GraphQLError } from 'graphql';

/** Every code a client may receive in `extensions.code`, with what it means. */
export const ERROR_CODES = {
  BAD_USER_INPUT: 'The request is well-formed GraphQL but an argument is not acceptable.',
  NOT_FOUND: 'The thing named does not exist.',
  CONFLICT: 'The write collided with another write or with stored data; nothing was changed.',
  IDEMPOTENCY_KEY_REUSED:
    'The idempotency key was already used by a publishing call with other content; nothing was written.',
  DEADLINE_EXCEEDED:
    'The time the caller (the gateway) allowed ran out before the write could be committed; it was rolled back and nothing was written.',
  UNAUTHENTICATED: 'The request needs credentials (a token or an API key), or the ones sent are not valid.',
  FORBIDDEN: 'The caller is known but its role or area does not allow this.',
  UNKNOWN_CRITERIA_SET: 'No criteria set with that id (and version) is loaded.',
  YEAR_OUT_OF_RANGE: 'The year is outside the years the criteria set applies to.',
  TOO_MANY_ROWS: 'A publishing call carries more rows than the configured maximum.',
  NO_ROWS: 'A publishing call carries no rows.',
  INVALID_CATEGORY_CHANGE: 'The category change is not acceptable.',
  CRITERIA_SET_INVALID: 'A criteria-set document failed validation.',
  CRITERIA_SET_VERSION_EXISTS: 'That id and version is already loaded with other content.',
  SUBGRAPH_UNAVAILABLE: 'A department service could not answer in time; its part of the response is missing (null).',
  NO_CRITERIA_SET_FOR_YEAR:
    'No criteria set is assigned to the year (at the moment asked about), or its version was not loaded then.',
  WHAT_IF_INVALID: 'A supposed value of a what-if names an unknown indicator or has invalid inputs.',
  QUERY_TOO_COMPLEX:
    'The operation is deeper, wider or costlier than the configured limits (extensions name the limit, the maximum and the actual value).',
  ILLEGAL_TRANSITION:
    "The recognition step is not possible from the cycle's current state (extensions list the allowed steps).",
  CYCLE_DETAILS_INVALID:
    "A recognition step's details are missing or invalid (extensions list every problem with its field).",
  RECOGNITION_REFUSED: 'Recognition needs a COMPLETE and eligible assessment; extensions list the reasons.',
  ASSESSMENT_UNAVAILABLE: 'The assessment a recognition step needs could not be obtained from the graph.',
  INVALID_TARGET: 'A target is not acceptable (field and reason in extensions).',
  REWARD_RECORD_INVALID:
    "A reward decision or proposal is not acceptable: a field is missing or invalid, or the commune's run of recognised years does not reach the rule (field, reason and streak in extensions).",
  REPORT_TEXT_INVALID:
    "The officer's sections of a report are not acceptable (extensions list every problem with its field).",
  PAYLOAD_TOO_LARGE: 'The request body is larger than the configured maximum.',
  STAGED_PUBLICATION_CLOSED: 'The staged publication is no longer open (committed or discarded).',
  GRAPH_UNAVAILABLE:
    "A service could not obtain what it needed from the graph (another department's figures or approval).",
  ILLEGAL_APPROVAL_STEP:
    'The approval step is not possible from the current state of the values (extensions list the allowed steps).',
  APPROVAL_STALE: 'The values changed since they were submitted; submit them again before approving.',
  VALIDATION_RULES_INVALID:
    'A validation-rules document failed validation (field: the path of the first problem; extensions list every problem); nothing was stored.',
  VALIDATION_RULES_VERSION_EXISTS:
    'That validation rule set id and version is already loaded with other content; load a higher version.',
  UNITS_FILE_INVALID:
    'A reorganisation file (npm run units:apply) has problems or contradicts the stored units; each is named by file, line and field, and nothing was stored.',
  INTERNAL_SERVER_ERROR: 'Something unexpected failed; the request id finds it in the logs.',
  PROCEDURE_STEP_MISSING:
    'A recognition step comes before a step its period requires (dossier check, appraisal, council, posting); extensions list the missing steps.',
  DECISION_REASON_REQUIRED:
    "A decision that differs from the hub's computation is recorded only with the officer's reason (field reason).",
  CRITERIA_SET_PROVISIONAL:
    'Blocking decisions on disagreement cannot be chosen for a criteria set whose recognition thresholds are provisional (extensions list them).',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Codes that ApolloServer and graphql-js give a client's mistake (the hub does not build these
 * errors itself, but every server answers them), with what they mean.
 */
export const PROTOCOL_CODES = {
  GRAPHQL_PARSE_FAILED: 'The request is not a GraphQL document (a syntax error, or more tokens than allowed).',
  GRAPHQL_VALIDATION_FAILED:
    'The operation does not fit the schema (an unknown field or argument, a wrong type, a missing selection).',
  BAD_REQUEST: 'The HTTP request itself is not acceptable (not JSON, not UTF-8, no query, a batch).',
  PERSISTED_QUERY_NOT_FOUND: 'A persisted query was named by hash but is not known.',
  PERSISTED_QUERY_NOT_SUPPORTED: 'Persisted queries are not supported.',
  OPERATION_RESOLUTION_FAILURE:
    'The operation to run cannot be chosen (operationName unknown or missing in a document of several).',
  DOWNSTREAM_SERVICE_ERROR: 'A department service answered an error the gateway passes on.',
} as const;

export type ProtocolCode = keyof typeof PROTOCOL_CODES;

/**
 * The Vietnamese meaning of every code a client may receive, for the official who reads it: an
 * error without its own Vietnamese text carries this one in `extensions.messageVi`. Typed on the
 * registries, so a code added without its Vietnamese does not compile.
 */
export const ERROR_CODES_VI: Readonly<Record<ErrorCode | ProtocolCode, string>> = {
  BAD_USER_INPUT: 'Một tham số của yêu cầu không hợp lệ',
  NOT_FOUND: 'Không tìm thấy đối tượng được nêu',
  CONFLICT: 'Thao tác trùng với một thao tác ghi khác hoặc với dữ liệu đã lưu; chưa có gì thay đổi, hãy thử lại',
  IDEMPOTENCY_KEY_REUSED: 'Khóa idempotency đã được dùng cho một lần công bố có nội dung khác; không có gì được ghi',
  DEADLINE_EXCEEDED: 'Hết thời gian cho phép trước khi kịp ghi; thao tác đã được hủy, không có gì được ghi',
  UNAUTHENTICATED: 'Yêu cầu cần thông tin xác thực (mã token hoặc khóa API) hợp lệ',
  FORBIDDEN: 'Vai trò hoặc địa bàn của người dùng không được phép thực hiện thao tác này',
  UNKNOWN_CRITERIA_SET: 'Bộ tiêu chí (và phiên bản) này chưa được nạp',
  YEAR_OUT_OF_RANGE: 'Năm nằm ngoài các năm bộ tiêu chí áp dụng',
  TOO_MANY_ROWS: 'Số dòng trong một lần gửi vượt quá mức tối đa',
  NO_ROWS: 'Lần gửi không có dòng số liệu nào',
  INVALID_CATEGORY_CHANGE: 'Thay đổi phân loại xã không hợp lệ',
  CRITERIA_SET_INVALID: 'Tệp bộ tiêu chí không hợp lệ',
  CRITERIA_SET_VERSION_EXISTS: 'Mã và phiên bản này đã được nạp với nội dung khác',
  SUBGRAPH_UNAVAILABLE: 'Hệ thống của một sở, ngành không trả lời kịp; phần số liệu của sở, ngành đó bị thiếu',
  NO_CRITERIA_SET_FOR_YEAR: 'Chưa có bộ tiêu chí nào được áp dụng cho năm này',
  WHAT_IF_INVALID: 'Giá trị giả định nêu một chỉ tiêu không có hoặc có số liệu không hợp lệ',
  QUERY_TOO_COMPLEX: 'Truy vấn quá sâu, quá rộng hoặc quá tốn kém so với giới hạn',
  ILLEGAL_TRANSITION: 'Bước công nhận này không thực hiện được ở trạng thái hiện tại của hồ sơ',
  CYCLE_DETAILS_INVALID: 'Thông tin của bước công nhận bị thiếu hoặc không hợp lệ',
  RECOGNITION_REFUSED: 'Chưa thể công nhận: cần kết quả đánh giá đầy đủ và đạt',
  ASSESSMENT_UNAVAILABLE: 'Không lấy được kết quả đánh giá cần cho bước công nhận',
  INVALID_TARGET: 'Chỉ tiêu đề ra không hợp lệ',
  REWARD_RECORD_INVALID: 'Quyết định hoặc đề nghị khen thưởng không hợp lệ',
  PROCEDURE_STEP_MISSING:
    'Chưa thực hiện bước thủ tục bắt buộc trước bước này (kiểm tra hồ sơ, thẩm định, hội đồng, niêm yết)',
  DECISION_REASON_REQUIRED: 'Quyết định khác với kết quả tính của hệ thống phải nêu lý do',
  CRITERIA_SET_PROVISIONAL:
    'Không thể chọn chặn quyết định khi có khác biệt đối với bộ tiêu chí có ngưỡng công nhận còn tạm thời',
  REPORT_TEXT_INVALID: 'Nội dung các phần của báo cáo không hợp lệ',
  PAYLOAD_TOO_LARGE: 'Dung lượng yêu cầu vượt quá mức tối đa',
  STAGED_PUBLICATION_CLOSED: 'Lượt nhập này đã đóng (đã ghi hoặc đã hủy)',
  GRAPH_UNAVAILABLE: 'Không lấy được số liệu cần thiết từ hệ thống chung',
  ILLEGAL_APPROVAL_STEP: 'Bước phê duyệt này không thực hiện được ở trạng thái hiện tại của số liệu',
  APPROVAL_STALE: 'Số liệu đã thay đổi sau khi gửi; cần gửi lại trước khi phê duyệt',
  VALIDATION_RULES_INVALID: 'Tệp quy tắc kiểm tra số liệu không hợp lệ; không có gì được lưu',
  VALIDATION_RULES_VERSION_EXISTS: 'Mã và phiên bản bộ quy tắc kiểm tra này đã được nạp với nội dung khác',
  UNITS_FILE_INVALID: 'Tệp sắp xếp đơn vị hành chính có lỗi hoặc mâu thuẫn với dữ liệu đã lưu; không có gì được lưu',
  INTERNAL_SERVER_ERROR: 'Lỗi ngoài dự kiến; hãy báo mã yêu cầu (requestId) cho người vận hành',
  GRAPHQL_PARSE_FAILED: 'Yêu cầu không phải là một văn bản GraphQL hợp lệ (lỗi cú pháp hoặc quá nhiều ký hiệu)',
  GRAPHQL_VALIDATION_FAILED: 'Truy vấn không khớp với lược đồ (trường, tham số hoặc kiểu không đúng)',
  BAD_REQUEST: 'Yêu cầu HTTP không hợp lệ',
  PERSISTED_QUERY_NOT_FOUND: 'Không tìm thấy truy vấn đã lưu theo mã băm',
  PERSISTED_QUERY_NOT_SUPPORTED: 'Không hỗ trợ truy vấn đã lưu',
  OPERATION_RESOLUTION_FAILURE: 'Không xác định được thao tác cần chạy (operationName)',
  DOWNSTREAM_SERVICE_ERROR: 'Hệ thống của một sở, ngành trả về lỗi',
};

/** True when a code is in one of the registries. */
export function isRegisteredCode(code: unknown): code is ErrorCode | ProtocolCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES_VI, code);
}

/**
 * The Vietnamese an error carries: its own specific text when given, else the registry's meaning
 * of its code; prefixed "Trường <field>: " when a field is named (and not already prefixed).
 */
export function vietnameseFor(code: string, own: unknown, field: unknown): string {
  const text =
    typeof own === 'string' && own !== ''
      ? own
      : isRegisteredCode(code)
        ? ERROR_CODES_VI[code]
        : ERROR_CODES_VI.INTERNAL_SERVER_ERROR;
  if (typeof field !== 'string' || field === '') return text;
  const prefix = `Trường ${field}: `;
  return text.startsWith(prefix) ? text : `${prefix}${text}`;
}

/**
 * Builds a coded error. `field` names the argument or input field at fault, when there is one;
 * `messageVi` is the call's own Vietnamese (else the registry's meaning of the code).
 */
export function hubError(
  code: ErrorCode,
  message: string,
  details: { field?: string; messageVi?: string } & Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, ...details, messageVi: vietnameseFor(code, details.messageVi, details.field) },
  });
}

/** An argument that is not acceptable, naming the field and the reason. */
export function badInput(field: string, message: string, details: Record<string, unknown> = {}): GraphQLError {
  return hubError('BAD_USER_INPUT', message, { field, ...details });
}

/**
 * An optional ISO 8601 date or date-time argument; null when absent.
 * @throws BAD_USER_INPUT naming the field when it is not one.
 */
export function parseIsoDateArgument(value: string | null | undefined, field: string): Date | null {
  if (value === null || value === undefined) return null;
  const date = new Date(value);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(date.getTime())) {
    throw badInput(field, `${field} "${value}" is not an ISO 8601 date or date-time`);
  }
  return date;
}

/** A thing that does not exist (for a mutation target; queries answer `null`). */
export function notFound(what: string, key: string): GraphQLError {
  return hubError('NOT_FOUND', `${what} ${key} does not exist`, { what, key });
}

/** PostgreSQL SQLSTATE for a unique violation. */
const UNIQUE_VIOLATION = '23505';
const SERIALIZATION_FAILURE = '40001';
const DEADLOCK = '40P01';

/** The SQLSTATE of a database error (TypeORM wraps the driver's), if it is one. */
export function sqlStateOf(error: unknown): string | undefined {
  const code =
    (error as { code?: unknown; driverError?: { code?: unknown } } | null)?.driverError?.code ??
    (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Translates a database error at the boundary: collisions become `CONFLICT` (SQL text never
 * reaches a client); anything else is re-thrown to be masked as INTERNAL_SERVER_ERROR.
 */
export function translateDatabaseError(error: unknown): never {
  const code = sqlStateOf(error);
  if (code === UNIQUE_VIOLATION || code === SERIALIZATION_FAILURE || code === DEADLOCK) {
    throw hubError('CONFLICT', 'another write changed the same data at the same time; nothing was changed, try again');
  }
  throw error;
}
