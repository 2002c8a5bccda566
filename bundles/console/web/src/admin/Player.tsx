import { useEffect, useRef, useState } from 'react';
import { Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';
import { clock, msAt, peaks, xAt, type Peak } from './waveform';

type Recording = Schemas['Recording'];
const SPEEDS = [0.75, 1, 1.25, 1.5, 2];
const HEIGHT = 56;
const NO_MARKERS: { atMs: number }[] = [];

/**
 * The call's recording: the audio element plays it (at a chosen speed); its channels are decoded in the browser and
 * drawn one above the other; a click or the arrow keys move to a moment, and each marker is a line there.
 */
export function Player({
  tenant,
  recording,
  src,
  markers = NO_MARKERS,
  onPosition,
  seekTo = null,
}: {
  tenant: string;
  recording: Recording;
  /** where the audio is read (default: the recordings API, which needs recordings:read) */
  src?: string;
  markers?: { atMs: number }[];
  onPosition?: (ms: number) => void;
  seekTo?: { ms: number } | null;
}) {
  const { t } = useTranslation();
  const url = src ?? `/api/v1/tenants/${encodeURIComponent(tenant)}/recordings/${encodeURIComponent(recording.id!)}/audio`;
  const audio = useRef<HTMLAudioElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [ms, setMs] = useState(0);
  const [speed, setSpeed] = useState(1);
  const [channels, setChannels] = useState<Peak[][] | null>(null);
  const [decodeError, setDecodeError] = useState<string | null>(null);
  const durationMs = recording.durationMs ?? 0;
  const width = 640;

  useEffect(() => {
    let gone = false;
    (async () => {
      try {
        const r = await fetch(url, { credentials: 'same-origin' });
        if (!r.ok) {
          throw new Error(`${r.status}`);
        }
        const buf = await r.arrayBuffer();
        // decoded offline: no sound device needed, and nothing plays
        const decoded = await new OfflineAudioContext(1, 1, 8000).decodeAudioData(buf);
        const out: Peak[][] = [];
        for (let c = 0; c < decoded.numberOfChannels; c++) {
          out.push(peaks(decoded.getChannelData(c), width));
        }
        if (!gone) {
          setChannels(out);
        }
      } catch (e) {
        if (!gone) {
          setDecodeError(String((e as Error).message ?? e));
        }
      }
    })();
    return () => {
      gone = true;
    };
  }, [url]);

  const move = (to: number) => {
    const v = Math.max(0, Math.min(durationMs, Math.round(to)));
    setMs(v);
    onPosition?.(v);
    if (audio.current) {
      audio.current.currentTime = v / 1000;
    }
  };
  useEffect(() => {
    if (seekTo) {
      move(seekTo.ms);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seekTo]);

  useEffect(() => {
    const c = canvas.current?.getContext('2d');
    if (!c) {
      return;
    }
    const rows = channels?.length ?? 1;
    c.clearRect(0, 0, width, HEIGHT * rows);
    (channels ?? []).forEach((peaksOf, row) => {
      const mid = row * HEIGHT + HEIGHT / 2;
      c.fillStyle = row === 0 ? '#1677ff' : '#389e0d';
      peaksOf.forEach((p, x) => {
        const top = mid - Math.max(0.5, p.max * (HEIGHT / 2 - 2));
        const bottom = mid - Math.min(-0.5, p.min * (HEIGHT / 2 - 2));
        c.fillRect(x, top, 1, bottom - top);
      });
    });
    c.fillStyle = '#cf1322';
    for (const m of markers) {
      c.fillRect(Math.round(xAt(m.atMs, width, durationMs)), 0, 2, HEIGHT * rows);
    }
    c.fillStyle = '#000';
    c.fillRect(Math.round(xAt(ms, width, durationMs)), 0, 1, HEIGHT * rows);
  }, [channels, markers, ms, durationMs]);

  const rows = channels?.length ?? 1;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <audio
        ref={audio}
        src={url}
        preload="metadata"
        controls
        style={{ width: '100%' }}
        aria-label={t('qa.recording')}
        onTimeUpdate={(e) => {
          const v = Math.round(e.currentTarget.currentTime * 1000);
          setMs(v);
          onPosition?.(v);
        }}
      />
      <div style={{ position: 'relative' }}>
        <canvas
          ref={canvas}
          width={width}
          height={HEIGHT * rows}
          data-testid="waveform"
          data-channels={channels?.length ?? 0}
          role="slider"
          tabIndex={0}
          aria-label={t('qa.position')}
          aria-valuemin={0}
          aria-valuemax={Math.round(durationMs / 1000)}
          aria-valuenow={Math.round(ms / 1000)}
          aria-valuetext={clock(ms)}
          style={{ width: '100%', maxWidth: width, height: HEIGHT * rows, background: '#fafafa', cursor: 'pointer', border: '1px solid #d9d9d9' }}
          onClick={(e) => {
            const r = e.currentTarget.getBoundingClientRect();
            move(msAt(e.clientX - r.left, r.width, durationMs));
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
              e.preventDefault();
              move(ms + (e.key === 'ArrowRight' ? 1000 : -1000));
            }
          }}
        />
      </div>
      <Space wrap>
        <Typography.Text data-testid="player-position">
          {clock(ms)} / {clock(durationMs)}
        </Typography.Text>
        <Select
          aria-label={t('qa.speed')}
          size="small"
          style={{ width: 100 }}
          value={speed}
          onChange={(v) => {
            setSpeed(v);
            if (audio.current) {
              audio.current.playbackRate = v;
            }
          }}
          options={SPEEDS.map((s) => ({ value: s, label: `${s}×` }))}
        />
        {channels && channels.length > 1 && <Typography.Text type="secondary">{t('qa.channels', { n: channels.length })}</Typography.Text>}
        {decodeError && <Typography.Text type="danger">{t('qa.cannotDraw', { error: decodeError })}</Typography.Text>}
      </Space>
    </Space>
  );
}
