import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsFQDN, IsOptional, IsString, IsUrl, IsUUID, Length } from 'class-validator';
import { Transform } from 'class-transformer';
import type { Project } from '@insights/db';
import { normalizeId } from '../../common/normalize-id.js';

export class CreateProjectDto {
  @ApiProperty({ example: 'Acme web app', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ type: [String], example: ['app.acme.com'], description: 'Hosts the widget may post from' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsFQDN({ require_tld: false }, { each: true, message: 'allowedDomains must contain host names' })
  allowedDomains?: string[];

  @ApiPropertyOptional({
    example: 'https://hooks.acme.com/feedback',
    description:
      'Must resolve to public addresses only (no loopback, private, link-local or metadata addresses), use https in ' +
      'production and, when the deployment sets an allow-list, name an allowed host; otherwise 400 WEBHOOK_URL_FORBIDDEN',
  })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false })
  webhookUrl?: string;
}

export class ProjectIdParam {
  @ApiProperty({ format: 'uuid' })
  @Transform(({ value }: { value: unknown }) => normalizeId(value))
  @IsUUID('all', { message: 'projectId must be a UUID' })
  projectId: string;
}

export class ProjectDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) allowedDomains: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) webhookUrl: string | null;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ description: 'Incremented by every feedback write' }) feedbackGeneration: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(p: Project): ProjectDto {
    return {
      id: p.id,
      name: p.name,
      allowedDomains: p.allowedDomains ?? [],
      webhookUrl: p.webhookUrl,
      isActive: p.isActive,
      feedbackGeneration: p.feedbackGeneration,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    };
  }
}

export class CreatedProjectDto extends ProjectDto {
  @ApiProperty({ description: 'Shown once: only its hash is stored', example: 'fik_3q2...' })
  apiKey: string;
}

export class DeletedProjectDto {
  @ApiProperty({ enum: [true], example: true })
  deleted!: true;
}
