import { Controller, Get, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../auth/actor.decorator.js';
import type { RequestContext } from '../auth/request-context.js';
import { OwnTransactions } from '../tenancy/tenant-transactions.js';
import { DemoClusterDto } from './demo-cluster.dto.js';
import { DemoClusterService } from './demo-cluster.service.js';

const notHere = 'Not the embedded mode (DATABASE_URL is set) or NODE_ENV=production: there is no demo cluster.';

@ApiTags('demo-cluster')
@ApiBearerAuth()
@Controller('v1/demo-cluster')
export class DemoClusterController {
  constructor(private readonly demo: DemoClusterService) {}

  @Get()
  @OwnTransactions()
  @ApiOkResponse({ type: DemoClusterDto, description: 'The demo cluster can be added here; `cluster` is the tenant\'s, once added.' })
  @ApiNotFoundResponse({ description: notHere })
  async get(@Actor() actor: RequestContext): Promise<DemoClusterDto> {
    return { cluster: await this.demo.current(actor), scan: null };
  }

  @Post()
  @OwnTransactions()
  @ApiCreatedResponse({ type: DemoClusterDto, description: 'The bundled simulator registered as a cluster (its loopback address allowed for it alone), scheduled every 5 minutes and scanned now.' })
  @ApiOkResponse({ type: DemoClusterDto, description: 'The tenant already has the demo cluster; it is returned, and scanned again only when it was re-pointed after a restart.' })
  @ApiNotFoundResponse({ description: notHere })
  async add(@Actor() actor: RequestContext, @Res({ passthrough: true }) response: Response): Promise<DemoClusterDto> {
    const { cluster, scan, created } = await this.demo.add(actor);
    response.status(created ? 201 : 200);
    return { cluster, scan };
  }
}
