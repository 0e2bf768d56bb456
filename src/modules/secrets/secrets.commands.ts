import { Type } from 'typebox';
import { command, type Command } from '../../app/command.js';
import { rotateSecrets } from './secrets.service.js';

export const secretsCommands: Record<string, Command> = {
  'secrets.rotate': command({
    cli: ['secrets', 'rotate'],
    description: {
      vi: 'Mã hoá lại mọi khoá bí mật (tổ chức chi trả, token, khoá riêng) bằng khoá mới, trong một giao dịch (quản trị hệ thống)',
      en: 'Re-encrypt every stored secret (providers’ secrets, tokens, private keys) under a new key, in one transaction (system administrators)',
    },
    database: true,
    options: {},
    result: Type.Object({
      keyId: Type.String({ description: 'Public identifier of the key every secret is sealed with now' }),
      before: Type.Record(Type.String(), Type.Integer(), { description: 'How many secrets each key had sealed before' }),
      reencrypted: Type.Integer(),
      keySource: Type.String({ description: 'ASXH_SECRET_KEY or the key file' }),
    }),
    run: (ctx, actor) => rotateSecrets(ctx, actor),
  }),
};
