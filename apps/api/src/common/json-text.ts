import { Header } from '@nestjs/common';

/**
 * The handler returns its JSON document as text (assembled from JSON that PostgreSQL built), so Express sends those
 * bytes as they are instead of serialising an object graph. The schema in OpenAPI stays the route's DTO.
 */
export const JsonTextResponse = () => Header('Content-Type', 'application/json; charset=utf-8');
