import { describe, expect, it } from 'vitest';
import { CLASSROOM_HIDEABLE, HIDEABLE, defaultUrlState, encodeUrlState, parseUrlState } from '../url-state';
import { LESSON_LOCKS, lessonState } from './lesson-link';

describe('the lesson link', () => {
  it('offers every Classroom control a link can hide, each one a key the link reader accepts', () => {
    for (const k of CLASSROOM_HIDEABLE) expect(LESSON_LOCKS).toContain(k);
    for (const k of LESSON_LOCKS) expect(HIDEABLE.has(k)).toBe(true);
  });

  it('round-trips: the link opens the classroom with the sliders as they were and the ticked controls hidden', () => {
    const s = defaultUrlState();
    s.view.view = 'train';
    s.view.classroom = { ...s.view.classroom, G: 4, difficulty: 9, seed: 7 };
    const query = encodeUrlState(lessonState(s, ['G', 'cseed', 'projector'], true));
    const back = parseUrlState(query);
    expect(back.problems).toEqual([]);
    expect(back.state.view.view).toBe('classroom');
    expect(back.state.view.classroom).toMatchObject({ G: 4, difficulty: 9, seed: 7, projector: true });
    expect([...back.state.hidden].sort()).toEqual(['G', 'cseed', 'projector']);
  });

  it('unticking a control the page had hidden shows it again; a hidden knob from the link stays hidden', () => {
    const s = defaultUrlState();
    s.hidden = ['difficulty', 'numGenerations'];
    const back = parseUrlState(encodeUrlState(lessonState(s, ['T'], false)));
    expect([...back.state.hidden].sort()).toEqual(['T', 'numGenerations']);
    expect(back.state.view.classroom.projector).toBe(false);
  });
});
