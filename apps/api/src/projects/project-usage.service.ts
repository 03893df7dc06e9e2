import { Injectable } from '@nestjs/common';
import { roundUsd } from '@insights/config';
import { LlmCallsRepository, type DailyLlmUsage } from '@insights/db';
import { MoneyDto } from '../common/money.dto.js';
import type { DailyUsageDto, LlmUsageDto, ProjectUsageDto } from './dto/project-usage.dto.js';
import { ProjectsService } from './projects.service.js';

const DAY_MS = 86_400_000;

function usageOf(rows: readonly Omit<DailyLlmUsage, 'date'>[]): LlmUsageDto {
  const sum = (pick: (row: Omit<DailyLlmUsage, 'date'>) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const promptTokens = sum((r) => r.promptTokens);
  const completionTokens = sum((r) => r.completionTokens);
  return {
    calls: sum((r) => r.calls),
    promptTokens,
    cachedTokens: sum((r) => r.cachedTokens),
    completionTokens,
    totalTokens: promptTokens + completionTokens,
    cost: MoneyDto.usd(roundUsd(sum((r) => r.costUsd))),
    unpricedCalls: sum((r) => r.unpricedCalls),
  };
}

/**
 * A project's LLM spend per UTC day, from the call ledger: the tokens the daily budgets count
 * and the money beside them. Calls of all-projects runs belong to no project and are not here.
 */
@Injectable()
export class ProjectUsageService {
  constructor(
    private readonly projects: ProjectsService,
    private readonly ledger: LlmCallsRepository,
  ) {}

  async daily(userId: string, projectId: string, days: number, now = new Date()): Promise<ProjectUsageDto> {
    await this.projects.getOwned(userId, projectId);
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const first = today - (days - 1) * DAY_MS;
    const recorded = new Map((await this.ledger.projectUsageByDay(projectId, new Date(first))).map((row) => [row.date, row]));
    const span: DailyUsageDto[] = [];
    for (let day = first; day <= today; day += DAY_MS) {
      const date = new Date(day).toISOString().slice(0, 10);
      span.push({ date, ...usageOf(recorded.has(date) ? [recorded.get(date)!] : []) });
    }
    return { projectId, days: span, total: usageOf([...recorded.values()]) };
  }
}
