import { ValidateBy, type ValidationOptions } from 'class-validator';

export function MaxJsonSize(bytes: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxJsonSize',
      validator: {
        validate: (value: unknown) => {
          try {
            return Buffer.byteLength(JSON.stringify(value) ?? '') <= bytes;
          } catch {
            return false;
          }
        },
        defaultMessage: (args) => `${args?.property} must be at most ${bytes} bytes as JSON`,
      },
    },
    options,
  );
}

const isPlainObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every element an object, naming the first that is not (`items.3 must be an object`). */
export function EachObject(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'eachObject',
      validator: {
        validate: (value: unknown) => !Array.isArray(value) || value.every(isPlainObject),
        defaultMessage: (args) => {
          const index = Array.isArray(args?.value) ? args.value.findIndex((v: unknown) => !isPlainObject(v)) : 0;
          return `${args?.property}.${index} must be an object`;
        },
      },
    },
    options,
  );
}
