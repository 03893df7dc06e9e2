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
