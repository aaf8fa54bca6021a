comeback-case = ⚠️ same as content of { $tag } (taken down { $date }){ $distance }
comeback-list = ⚠️ matches the list { $source } ({ $ref }){ $distance }
comeback-watch = 👁 noted: matches the watch list { $source } ({ $ref }){ $distance }
comeback-distance = , distance { $distance }
report-known = ↳ already reported as { $tag } on { $date }; status: { $status }
replacement-name = 🔁 likely replacement of { $tag } (name like @{ $channel })
replacement-content = 🔁 likely replacement of { $tag } (same content as @{ $channel })
