/** Prisma's known request errors, as API errors (unique violations are 409 naming the fields). */
import { ApiError } from '../errors.js';

interface PrismaLikeError {
  name: string;
  code: string;
  meta?: Record<string, unknown>;
}

function isPrismaKnownError(err: unknown): err is PrismaLikeError {
  return (
    typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'PrismaClientKnownRequestError' && typeof (err as { code?: unknown }).code === 'string'
  );
}

/** Prisma's field names (camelCase) back to the API's (snake_case). */
export function apiFieldName(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/_id$/, '');
}

export function prismaErrorToApiError(err: unknown): ApiError | undefined {
  if (!isPrismaKnownError(err)) return undefined;
  switch (err.code) {
    case 'P2002': {
      const target = uniqueTarget(err.meta);
      const fields = Object.fromEntries(target.filter((f) => f !== 'organizationId').map((f) => [apiFieldName(f), 'already exists']));
      if (Object.keys(fields).length === 0) fields['name'] = 'already exists';
      return new ApiError('DRV_API_CONFLICT', `an object with this ${Object.keys(fields).join(' and ')} already exists`, { fields });
    }
    case 'P2025':
    case 'P2001':
    case 'P2015':
      return new ApiError('DRV_API_NOT_FOUND', 'object not found');
    case 'P2003':
    case 'P2014':
      return new ApiError('DRV_API_CONFLICT', 'the object is still in use, or refers to an object that does not exist');
    case 'P2000':
      return new ApiError('DRV_API_VALIDATION', 'a value is too long for its field');
    case 'P2020':
      return new ApiError('DRV_API_VALIDATION', 'a value is out of range for its field');
    default:
      return undefined;
  }
}

function uniqueTarget(meta: Record<string, unknown> | undefined): string[] {
  const target = meta?.['target'];
  if (Array.isArray(target)) return target.map(String);
  if (typeof target === 'string') return [target];
  // driver adapters report the constraint's fields here
  const fields = (meta?.['driverAdapterError'] as { cause?: { constraint?: { fields?: unknown } } } | undefined)?.cause?.constraint?.fields;
  if (Array.isArray(fields)) return fields.map((f) => String(f).replace(/"/g, ''));
  return [];
}
