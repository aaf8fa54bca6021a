/**
 * Files: what the bot uploads (sendPhoto, sendDocument, sendVideo, sendAnimation) or reuses by
 * file_id, what users send, getFile, and the bytes behind /file/bot<token>/<path>. A video or an
 * animation keeps its thumbnail (a picture file of its own, served by getFile like any other) on
 * every message that carries it. An animation is a document to Telegram too: a message with one
 * also carries `document` (for old clients), and sendDocument takes its file_id.
 */
import { imageSize, extFor, mimeFor } from './media.js';
import { ForumTopics } from './topics.js';
import { ApiError, clone, UploadedFile, type ChatRec, type FileRec, type Msg, type Params, type Rec } from './types.js';

const TYPE_NAMES: Record<FileRec['kind'], string> = {
  photo: 'Photo',
  document: 'Document',
  video: 'Video',
  animation: 'Animation',
};
const ID_PREFIXES: Record<FileRec['kind'], string> = {
  photo: 'AgACAgIAA',
  document: 'BQACAgIAA',
  video: 'BAACAgIAA',
  animation: 'CgACAgIAA',
};

export class Files extends ForumTopics {
  protected readonly files = new Map<string, FileRec>();
  protected readonly filesByPath = new Map<string, FileRec>();
  protected fileCounter = 0;

  /** Stored bytes of any file the emulator knows (uploaded by the bot or injected for a user). */
  fileContent(fileId: string): Buffer | undefined {
    return this.files.get(fileId)?.content;
  }

  protected newFileIds(prefix: string) {
    const n = ++this.fileCounter;
    const rand = Math.random().toString(36).slice(2, 12);
    return {
      n,
      file_id: `${prefix}AxkBAAI${n.toString(36)}${rand}`,
      file_unique_id: `AgAD${n.toString(36)}${rand.slice(0, 4)}`,
    };
  }

  protected storeFile(kind: FileRec['kind'], content: Buffer, fileName?: string, mime?: string): FileRec {
    const ids = this.newFileIds(ID_PREFIXES[kind]);
    const path =
      kind === 'photo'
        ? `photos/file_${ids.n}.jpg`
        : kind === 'video' || kind === 'animation'
          ? `${kind}s/file_${ids.n}${extFor(mime ?? 'video/mp4', fileName)}`
          : `documents/file_${ids.n}${extFor(mime ?? '', fileName)}`;
    const f: FileRec = { file_id: ids.file_id, file_unique_id: ids.file_unique_id, file_path: path, content, kind };
    if (fileName !== undefined) f.file_name = fileName;
    if (mime !== undefined) f.mime_type = mime;
    this.files.set(f.file_id, f);
    this.filesByPath.set(path, f);
    return f;
  }

  /** Telegram keeps several sizes of every photo; all of them here share the uploaded bytes. */
  protected storePhoto(content: Buffer, dims: { width: number; height: number }): Msg[] {
    const longest = Math.max(dims.width, dims.height);
    const targets = [90, 320, 800, 1280].filter((t) => t < longest);
    targets.push(Math.min(longest, 2560));
    const sizes: Msg[] = [];
    const recs: FileRec[] = [];
    for (const t of targets) {
      const scale = t / longest;
      const f = this.storeFile('photo', content);
      recs.push(f);
      sizes.push({
        file_id: f.file_id,
        file_unique_id: f.file_unique_id,
        file_size: content.length,
        width: Math.max(1, Math.round(dims.width * scale)),
        height: Math.max(1, Math.round(dims.height * scale)),
      });
    }
    for (const f of recs) f.sizes = sizes;
    return sizes;
  }

  /**
   * A video file and its Video object. The thumbnail, when given, must be a picture (Telegram makes
   * one of at most 320 px from the video; here the sender gives its bytes) and becomes a file of its own.
   */
  protected storeVideo(content: Buffer, v: VideoInput): FileRec {
    return this.storeClip('video', content, v);
  }

  /** An animation (GIF or silent MP4) and its Animation object, with a thumbnail as a video's. */
  protected storeAnimation(content: Buffer, v: VideoInput): FileRec {
    return this.storeClip('animation', content, { file_name: 'animation.mp4', ...v });
  }

  private storeClip(kind: 'video' | 'animation', content: Buffer, v: VideoInput): FileRec {
    const mime = v.mime_type ?? mimeFor(v.file_name ?? 'video.mp4');
    const f = this.storeFile(kind, content, v.file_name, mime);
    const clip: Msg = {
      file_id: f.file_id,
      file_unique_id: f.file_unique_id,
      width: v.width ?? 640,
      height: v.height ?? 360,
      duration: v.duration ?? 10,
      mime_type: mime,
      file_size: content.length,
    };
    if (v.file_name !== undefined) clip.file_name = v.file_name;
    if (v.thumbnail) {
      const dims = imageSize(v.thumbnail);
      if (!dims) throw new ApiError(400, 'Bad Request: IMAGE_PROCESS_FAILED');
      const t = this.storeFile('photo', v.thumbnail);
      clip.thumbnail = {
        file_id: t.file_id,
        file_unique_id: t.file_unique_id,
        file_size: v.thumbnail.length,
        width: dims.width,
        height: dims.height,
      };
      f.thumbnail = t;
    }
    f[kind] = clip;
    return f;
  }

  /** The `document` Telegram also puts on a message with an animation: the same file, name, type and thumbnail. */
  protected animationDocument(f: FileRec): Msg {
    const d = this.documentObj(f);
    if (f.animation?.thumbnail) d.thumbnail = clone(f.animation.thumbnail);
    return d;
  }

  protected documentObj(f: FileRec): Msg {
    const d: Msg = { file_name: f.file_name ?? 'document', mime_type: f.mime_type ?? 'application/octet-stream' };
    d.file_id = f.file_id;
    d.file_unique_id = f.file_unique_id;
    d.file_size = f.content.length;
    return d;
  }

  protected getFile(p: Params) {
    const f = typeof p.file_id === 'string' ? this.files.get(p.file_id) : undefined;
    if (!f) throw new ApiError(400, 'Bad Request: invalid file_id');
    if (f.content.length > 20 * 1024 * 1024) throw new ApiError(400, 'Bad Request: file is too big');
    return {
      file_id: f.file_id,
      file_unique_id: f.file_unique_id,
      file_size: f.content.length,
      file_path: f.file_path,
    };
  }

  /** Resolves an InputFile parameter: an upload, a known file_id, or an http(s) URL. */
  protected inputFile(v: unknown, kind: FileRec['kind']): { upload?: UploadedFile; existing?: FileRec; url?: string } {
    if (v instanceof UploadedFile) return { upload: v };
    if (typeof v === 'string' && v !== '') {
      const existing = this.files.get(v);
      if (existing) {
        // An animation is a document to Telegram: sendDocument takes its file_id.
        if (existing.kind !== kind && !(kind === 'document' && existing.kind === 'animation'))
          throw new ApiError(
            400,
            `Bad Request: can't use file of type ${TYPE_NAMES[existing.kind]} as ${TYPE_NAMES[kind]}`,
          );
        return { existing };
      }
      if (/^https?:\/\//i.test(v)) return { url: v };
      throw new ApiError(400, 'Bad Request: wrong file identifier/HTTP URL specified');
    }
    throw new ApiError(400, `Bad Request: there is no ${kind} in the request`);
  }

  protected sendMediaCommon(p: Params, rec: ChatRec) {
    const f = this.formatted(p.caption, p.parse_mode, p.caption_entities, 'caption');
    const markup = this.validateMarkup(p.reply_markup);
    const replyTo = this.resolveReply(rec, p);
    const msg = this.botMsgBase(rec);
    if (replyTo) msg.reply_to_message = replyTo;
    this.placeInThread(rec, p, replyTo, msg);
    return { f, markup, msg };
  }

  protected finishMedia(
    rec: ChatRec,
    p: Params,
    method: string,
    common: ReturnType<Files['sendMediaCommon']>,
    files: { document?: FileRec; photo?: FileRec; video?: FileRec; animation?: FileRec },
  ): Msg {
    const { f, markup, msg } = common;
    if (f.text) msg.caption = f.text;
    if (f.entities.length) msg.caption_entities = f.entities;
    if (markup?.inline_keyboard) msg.reply_markup = clone(markup);
    const extra: Omit<Rec, 'chatId' | 'at' | 'fromBot' | 'deleted' | 'edits' | 'msg'> = {
      method,
      rawMarkup: markup,
      ...files,
    };
    if (typeof p.parse_mode === 'string') extra.parseMode = p.parse_mode;
    if (f.html !== undefined) extra.html = f.html;
    this.commitBotMsg(rec, msg, extra);
    return clone(msg);
  }

  protected sendPhotoApi(p: Params): Msg {
    const rec = this.chatFor(p.chat_id, true);
    this.checkCanSend(rec);
    const input = this.inputFile(p.photo, 'photo');
    const common = this.sendMediaCommon(p, rec);
    let sizes: Msg[];
    if (input.upload) {
      const content = input.upload.content;
      if (content.length === 0) throw new ApiError(400, 'Bad Request: file must be non-empty');
      if (content.length > 10 * 1024 * 1024) throw new ApiError(400, 'Bad Request: PHOTO_SAVE_FILE_INVALID');
      const dims = imageSize(content);
      if (!dims) throw new ApiError(400, 'Bad Request: IMAGE_PROCESS_FAILED');
      const ratio = Math.max(dims.width, dims.height) / Math.max(1, Math.min(dims.width, dims.height));
      if (dims.width + dims.height > 10000 || ratio > 20 || dims.width < 1 || dims.height < 1) {
        throw new ApiError(400, 'Bad Request: PHOTO_INVALID_DIMENSIONS');
      }
      sizes = this.storePhoto(content, dims);
    } else if (input.existing) {
      sizes = clone(input.existing.sizes ?? []);
    } else {
      sizes = this.storePhoto(Buffer.alloc(0), { width: 800, height: 600 }); // URL: we can't fetch it
    }
    common.msg.photo = sizes;
    if (p.has_spoiler === true) common.msg.has_media_spoiler = true;
    const largest = this.files.get(String(sizes[sizes.length - 1]?.file_id));
    return this.finishMedia(rec, p, 'sendPhoto', common, largest ? { photo: largest } : {});
  }

  protected sendDocumentApi(p: Params): Msg {
    const rec = this.chatFor(p.chat_id, true);
    this.checkCanSend(rec);
    const input = this.inputFile(p.document, 'document');
    const common = this.sendMediaCommon(p, rec);
    let file: FileRec;
    if (input.upload) {
      if (input.upload.content.length === 0) throw new ApiError(400, 'Bad Request: file must be non-empty');
      if (input.upload.content.length > 50 * 1024 * 1024) throw new ApiError(413, 'Request Entity Too Large');
      const name = input.upload.filename || 'document';
      file = this.storeFile('document', input.upload.content, name, mimeFor(name, input.upload.contentType));
    } else if (input.existing) {
      file = input.existing;
    } else {
      const name = decodeURIComponent(new URL(input.url!).pathname.split('/').pop() || 'file');
      file = this.storeFile('document', Buffer.alloc(0), name, mimeFor(name));
    }
    if (file.kind === 'animation') {
      // Sent as a document, it is still an animation: the message shows both, as Telegram's does.
      common.msg.animation = clone(file.animation);
      common.msg.document = this.animationDocument(file);
      return this.finishMedia(rec, p, 'sendDocument', common, { animation: file });
    }
    common.msg.document = this.documentObj(file);
    return this.finishMedia(rec, p, 'sendDocument', common, { document: file });
  }

  /**
   * sendVideo: an upload (with an optional `thumbnail` upload), or a video's file_id, whose message
   * shows the same Video object and thumbnail. `has_spoiler` puts it under the spoiler cover
   * (`has_media_spoiler` on the message).
   */
  protected sendVideoApi(p: Params): Msg {
    return this.sendClip(p, 'video');
  }

  /**
   * sendAnimation: as sendVideo, for a GIF or silent MP4; the message carries `animation` and, as
   * Telegram's do, `document`. `has_spoiler` covers it.
   */
  protected sendAnimationApi(p: Params): Msg {
    return this.sendClip(p, 'animation');
  }

  private sendClip(p: Params, kind: 'video' | 'animation'): Msg {
    const rec = this.chatFor(p.chat_id, true);
    this.checkCanSend(rec);
    const input = this.inputFile(p[kind], kind);
    const common = this.sendMediaCommon(p, rec);
    const store = (content: Buffer, v: VideoInput) =>
      kind === 'video' ? this.storeVideo(content, v) : this.storeAnimation(content, v);
    const fallbackName = kind === 'video' ? 'video.mp4' : 'animation.mp4';
    let file: FileRec;
    if (input.upload) {
      const content = input.upload.content;
      if (content.length === 0) throw new ApiError(400, 'Bad Request: file must be non-empty');
      if (content.length > 50 * 1024 * 1024) throw new ApiError(413, 'Request Entity Too Large');
      const thumbnail = p.thumbnail instanceof UploadedFile ? p.thumbnail.content : undefined;
      const num = (x: unknown) => (typeof x === 'number' ? x : undefined);
      file = store(content, {
        file_name: input.upload.filename || fallbackName,
        mime_type: mimeFor(input.upload.filename || fallbackName, input.upload.contentType),
        width: num(p.width),
        height: num(p.height),
        duration: num(p.duration),
        thumbnail,
      });
    } else if (input.existing) {
      file = input.existing;
    } else {
      file = store(Buffer.alloc(0), {}); // URL: we can't fetch it
    }
    common.msg[kind] = clone(file[kind]);
    if (kind === 'animation') common.msg.document = this.animationDocument(file);
    if (p.has_spoiler === true) common.msg.has_media_spoiler = true;
    const method = kind === 'video' ? 'sendVideo' : 'sendAnimation';
    return this.finishMedia(rec, p, method, common, { [kind]: file });
  }
}

/** What a video or an animation is sent with: its bytes' metadata and, optionally, its thumbnail's bytes. */
export interface VideoInput {
  file_name?: string;
  mime_type?: string;
  width?: number;
  height?: number;
  duration?: number;
  thumbnail?: Buffer;
}
