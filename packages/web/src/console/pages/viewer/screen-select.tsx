/**
 * The toolbar's 画面 / Screen choice (SPEC.md P8): the whole desktop or one of the customer's
 * monitors, with its size. Shown only while the agent reports more than one monitor; the
 * agent's `screens` message is the truth, so the select follows what the agent shows.
 */
import { useEffect, useState } from 'preact/hooks'

import type { ConsoleSession } from '../../../viewer/index'
import type { ScreenList } from '../../../viewer/session/console-session'
import { useI18n } from '../../i18n-context'

interface Props {
  readonly session: ConsoleSession | null
  readonly isActive: boolean
}

export function ScreenSelect({ session, isActive }: Props) {
  const { t } = useI18n()
  const [list, setList] = useState<ScreenList | null>(session?.screens ?? null)

  useEffect(() => {
    if (session === null) return
    setList(session.screens)
    return session.onScreens(setList)
  }, [session])

  if (list === null || list.screens.length < 2) return null
  return (
    <label class="inline-field viewer-screen">
      <span>{t('screens.label')}</span>
      <select
        value={list.selected}
        disabled={!isActive}
        data-testid="screen-select"
        onChange={(event) => {
          session?.selectScreen(event.currentTarget.value)
        }}
      >
        <option value="all">{t('screens.all')}</option>
        {list.screens.map((screen, index) => (
          <option key={screen.id} value={screen.id}>
            {t('screens.item', { number: index + 1, width: screen.width, height: screen.height })}
          </option>
        ))}
      </select>
    </label>
  )
}
