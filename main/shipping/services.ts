// Return shipping: RETURNED books going back to one lender travel in a batch with a packing list.
import { randomUUID } from 'node:crypto';
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Shipment } from '../../shared/types';
import type { DeskContext } from '../context';
import { getLibrary } from '../libraries/store';
import { inTransaction, recordRequestOp, requireRequest } from '../requests/ops';
import { prepared } from '../store/prepared';

export function createReturnShipment(ctx: DeskContext, input: ParsedInputOf<'shipment.create'>): Shipment {
  if (!getLibrary(ctx.db, input.lenderCode)) {
    throw new AppError('INVALID_INPUT', `lenderCode: ${input.lenderCode} is not a member library.`, 'lenderCode');
  }
  const requestIds = [...new Set(input.requestIds)];
  const seen = new Set<string>();
  const id = randomUUID();
  const now = ctx.now();
  inTransaction(ctx, () => {
    prepared(
      ctx.db,
      `INSERT INTO shipments (id, from_code, to_code, courier, tracking_no, clerk, desk_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, ctx.libraryCode, input.lenderCode, input.courier, input.trackingNo, ctx.clerk, ctx.deskId, now);
    input.requestIds.forEach((requestId, index) => {
      if (seen.has(requestId)) return;
      seen.add(requestId);
      // Errors name the entry as the clerk listed it (its index in the input).
      const field = `requestIds.${index}`;
      const row = requireRequest(ctx, requestId, field);
      if (row.lender_code !== input.lenderCode) {
        throw new AppError('INVALID_INPUT', `${field}: ${row.id} was lent by ${row.lender_code ?? 'nobody'}, not ${input.lenderCode}.`, field);
      }
      try {
        recordRequestOp(ctx, row, 'request.returnShip', { shipmentId: id, trackingNo: input.trackingNo });
      } catch (error) {
        if (error instanceof AppError) throw new AppError(error.code, `${field}: ${error.message}`, field);
        throw error;
      }
      prepared(ctx.db, 'INSERT INTO shipment_items (shipment_id, request_id, item_barcode) VALUES (?, ?, ?)').run(
        id,
        row.id,
        row.item_barcode,
      );
    });
  });
  return {
    id,
    fromCode: ctx.libraryCode,
    toCode: input.lenderCode,
    courier: input.courier,
    trackingNo: input.trackingNo,
    requestIds,
    createdAt: now,
    clerk: ctx.clerk,
  };
}
