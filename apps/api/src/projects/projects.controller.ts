import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth-user.js';
import { ApiEnvelope, ApiErrors } from '../common/api-envelope.decorator.js';
import { CreatedProjectDto, CreateProjectDto, DeletedProjectDto, ProjectDto, ProjectIdParam } from './dto/project.dto.js';
import { ProjectUsageDto, ProjectUsageQueryDto } from './dto/project-usage.dto.js';
import { ProjectsService } from './projects.service.js';
import { ProjectUsageService } from './project-usage.service.js';

@ApiTags('projects')
@ApiBearerAuth()
@ApiErrors([401, 'Missing, malformed, expired or foreign token'])
@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly usage: ProjectUsageService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a project; its API key is returned once' })
  @ApiEnvelope(CreatedProjectDto, { status: 201 })
  @ApiErrors([400, 'Invalid body'])
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateProjectDto): Promise<CreatedProjectDto> {
    const { project, apiKey } = await this.projects.create(user.id, dto);
    return { ...ProjectDto.from(project), apiKey };
  }

  @Get()
  @ApiOperation({ summary: "List the caller's projects" })
  @ApiEnvelope(ProjectDto, { isArray: true })
  async list(@CurrentUser() user: AuthUser): Promise<ProjectDto[]> {
    return (await this.projects.list(user.id)).map(ProjectDto.from);
  }

  @Get(':projectId')
  @ApiOperation({ summary: 'Get one of the caller’s projects' })
  @ApiEnvelope(ProjectDto)
  @ApiErrors([400, 'projectId is not a UUID'], [404, 'No such project for this caller'])
  async get(@CurrentUser() user: AuthUser, @Param() { projectId }: ProjectIdParam): Promise<ProjectDto> {
    return ProjectDto.from(await this.projects.getOwned(user.id, projectId));
  }

  @Get(':projectId/usage')
  @ApiOperation({
    summary: 'The project’s LLM usage per UTC day: calls, tokens and their cost in US dollars',
    description:
      'From the call ledger, each call priced by the model that answered when it was recorded. Runs over all of the caller’s projects belong to no project and are not counted here.',
  })
  @ApiEnvelope(ProjectUsageDto)
  @ApiErrors([400, 'projectId is not a UUID, or days is out of range'], [404, 'No such project for this caller'])
  usageByDay(@CurrentUser() user: AuthUser, @Param() { projectId }: ProjectIdParam, @Query() { days = 30 }: ProjectUsageQueryDto): Promise<ProjectUsageDto> {
    return this.usage.daily(user.id, projectId, days);
  }

  @Delete(':projectId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a project with its feedback and insights' })
  @ApiEnvelope(DeletedProjectDto)
  @ApiErrors([400, 'projectId is not a UUID'], [404, 'No such project for this caller'])
  async delete(@CurrentUser() user: AuthUser, @Param() { projectId }: ProjectIdParam): Promise<DeletedProjectDto> {
    await this.projects.delete(user.id, projectId);
    return { deleted: true };
  }
}
