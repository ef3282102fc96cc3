// Icons drawn offline from node data: the node's own SVG path (`data.iconPath`, a 24×24 path
// — richer icon data can arrive there), else the Material Design Icon named by its Iconify id
// (`data.iconifyId`, e.g. "mdi:database"), else nothing (the node draws its class initial).
// Only the icons listed here are bundled: the whole set would weigh megabytes.

import {
  mdiAccount,
  mdiAccountCircle,
  mdiApi,
  mdiBrain,
  mdiCellphone,
  mdiChartLine,
  mdiCloud,
  mdiDatabase,
  mdiEmail,
  mdiFolder,
  mdiKey,
  mdiLan,
  mdiLightningBolt,
  mdiLock,
  mdiMonitor,
  mdiServer,
  mdiShapeOutline,
  mdiShieldLock,
  mdiTrayFull,
  mdiWeb,
} from "@mdi/js";

export const ICONS: Readonly<Record<string, string>> = {
  "mdi:account": mdiAccount,
  "mdi:account-circle": mdiAccountCircle,
  "mdi:api": mdiApi,
  "mdi:brain": mdiBrain,
  "mdi:cellphone": mdiCellphone,
  "mdi:chart-line": mdiChartLine,
  "mdi:cloud": mdiCloud,
  "mdi:database": mdiDatabase,
  "mdi:email": mdiEmail,
  "mdi:folder": mdiFolder,
  "mdi:key": mdiKey,
  "mdi:lan": mdiLan,
  "mdi:lightning-bolt": mdiLightningBolt,
  "mdi:lock": mdiLock,
  "mdi:monitor": mdiMonitor,
  "mdi:server": mdiServer,
  "mdi:shape-outline": mdiShapeOutline,
  "mdi:shield-lock": mdiShieldLock,
  "mdi:tray-full": mdiTrayFull,
  "mdi:web": mdiWeb,
};

// A path is drawn as an attribute value (never parsed as markup), but keep it to path syntax.
const PATH = /^[MmLlHhVvCcSsQqTtAaZz0-9eE.,+\- ]{1,20000}$/;

/** The SVG path to draw for a node's icon, or null for none. */
export function iconPathFor(data: { iconPath: string | null; iconifyId: string | null }): string | null {
  if (data.iconPath !== null && PATH.test(data.iconPath)) return data.iconPath;
  if (data.iconifyId !== null) return ICONS[data.iconifyId] ?? null;
  return null;
}
