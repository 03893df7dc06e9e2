import { ApiProperty } from '@nestjs/swagger';

/** An amount of money; every amount the API states is in US dollars, as the provider bills. */
export class MoneyDto {
  @ApiProperty({ enum: ['USD'], example: 'USD' }) currency: 'USD';
  @ApiProperty({ minimum: 0, example: 0.0123, description: 'US dollars, to 1e-10' }) amount: number;

  static usd(amount: number): MoneyDto {
    return { currency: 'USD', amount };
  }
}
