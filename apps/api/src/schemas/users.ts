import { z } from 'zod';

export const UserSchema = z
  .object({
    id: z.number(),
    type: z.literal('user'),
    url: z.string(),
    username: z.string(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    is_superuser: z.boolean(),
    is_system_auditor: z.boolean(),
    created: z.string(),
    last_login: z.string().nullable(),
  })
  .meta({ id: 'User' });

export const MeSchema = UserSchema;

const Username = z
  .string()
  .min(1)
  .max(150)
  .regex(/^[\w.@+-]+$/, 'letters, digits and @ . + - _ only');

export const CreateUser = z
  .object({
    username: Username,
    password: z.string().min(8).max(1024),
    email: z.string().max(254).optional(),
    first_name: z.string().max(150).optional(),
    last_name: z.string().max(150).optional(),
    is_superuser: z.boolean().optional(),
    is_system_auditor: z.boolean().optional(),
  })
  .strict();

export const UpdateUser = z
  .object({
    username: Username.optional(),
    password: z.string().min(8).max(1024).optional(),
    email: z.string().max(254).optional(),
    first_name: z.string().max(150).optional(),
    last_name: z.string().max(150).optional(),
    is_superuser: z.boolean().optional(),
    is_system_auditor: z.boolean().optional(),
  })
  .strict();
