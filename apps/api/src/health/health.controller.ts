import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { Public } from '../auth/auth.decorators.js';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { LivenessDto, ReadinessDto } from './health.dto.js';
import { ReadinessService } from './readiness.service.js';

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('healthz')
  @HttpCode(200)
  @ApiOkResponse({ type: LivenessDto, description: 'The process is alive.' })
  liveness(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('readyz')
  @ApiOkResponse({ type: ReadinessDto, description: 'Database and Redis answer.' })
  @ApiServiceUnavailableResponse({ type: ReadinessDto, description: 'A dependency is down; `failing` names it.' })
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessDto> {
    const report = await this.readiness.check();
    response.status(report.status === 'ready' ? 200 : 503);
    return report;
  }
}
