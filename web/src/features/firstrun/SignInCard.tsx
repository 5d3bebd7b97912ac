/**
 * A family member's sign-in card: the server's address, their username and a QR code that opens
 * the sign-in page with the username filled in — never the password. Shown in a dialog and
 * printed on its own (a copy of the card outside the app, the only thing a print shows).
 * Its own chunk with the QR library: loaded when a card is first opened.
 */
import { useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '#web/features/auth/session';
import { FormDialog } from '#web/lib/ui/FormDialog';
import { cardAddresses, signInLink } from './links';
import { qrShape } from './qr';
import './firstrun.css';

/** Who the card is for. */
export type CardPerson = { username: string; displayName: string };

/** The QR code as an SVG drawn from its modules, with a quiet zone of 4 modules. */
function QrCode({ link }: { link: string }) {
  const { t } = useTranslation('firstrun');
  const shape = useMemo(() => qrShape(link), [link]);
  const box = shape.size + 8;
  return (
    <svg
      className="signin-card-qr"
      data-testid="signin-card-qr"
      viewBox={`-4 -4 ${box} ${box}`}
      role="img"
      aria-label={t('card.qrLabel', { link })}
      shapeRendering="crispEdges"
    >
      <rect x={-4} y={-4} width={box} height={box} fill="#fff" />
      <path d={shape.path} fill="#000" />
    </svg>
  );
}

/** The card itself (on screen and on paper). */
function Card({ person, address, admin }: { person: CardPerson; address: string; admin: string }) {
  const { t } = useTranslation('firstrun');
  const link = signInLink(address, person.username);
  return (
    <div className="signin-card" data-testid="signin-card">
      <p className="signin-card-household">{t('card.household')}</p>
      <p className="signin-card-for">{t('card.for', { name: person.displayName || person.username })}</p>
      <QrCode link={link} />
      <p className="signin-card-scan">{t('card.scan')}</p>
      <dl>
        <dt>{t('card.address')}</dt>
        <dd data-testid="signin-card-address">{address}</dd>
        <dt>{t('card.username')}</dt>
        <dd data-testid="signin-card-username">{person.username}</dd>
      </dl>
      <p className="signin-card-password">{t('card.password', { admin })}</p>
    </div>
  );
}

type Props = {
  person: CardPerson;
  /** The server's own addresses for the family (from GET /api/admin/first-run). */
  serverAddresses: readonly string[];
  onClose: () => void;
};

/** Props: see Props. */
export default function SignInCardDialog({ person, serverAddresses, onClose }: Props) {
  const { t } = useTranslation('firstrun');
  const me = useUser();
  const addresses = useMemo(() => cardAddresses(location.origin, serverAddresses), [serverAddresses]);
  const [address, setAddress] = useState(addresses[0] ?? location.origin);
  const admin = me.displayName || me.username;
  const name = person.displayName || person.username;
  return (
    <>
      <FormDialog
        open
        title={t('card.title', { name })}
        description={t('card.hint')}
        testId="signin-card-dialog"
        onClose={onClose}
        footerStart={
          <button type="button" className="btn btn-primary" data-testid="signin-card-print" onClick={() => print()}>
            {t('card.print')}
          </button>
        }
      >
        {addresses.length > 1 && (
          <div className="field">
            <label htmlFor="signin-card-address">{t('card.chooseAddress')}</label>
            <select
              id="signin-card-address"
              className="input select"
              data-testid="signin-card-address-choice"
              value={address}
              onChange={(e) => setAddress(e.target.value)}
            >
              {addresses.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </div>
        )}
        <Card person={person} address={address} admin={admin} />
      </FormDialog>
      {/* What paper gets: the card alone, outside the app (see firstrun.css, @media print). */}
      {createPortal(
        <div className="print-sheet" aria-hidden="true">
          <Card person={person} address={address} admin={admin} />
        </div>,
        document.body,
      )}
    </>
  );
}
