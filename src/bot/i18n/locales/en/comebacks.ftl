comeback-case = ⚠️ same as content of { $tag } (taken down { $date }){ $distance }
comeback-list = ⚠️ on the list { $source }: case { $ref }, { $category } ({ $date }){ $distance }
comeback-watch = 👁 on the watch list { $source }: case { $ref }, { $category } ({ $date }){ $distance }
comeback-distance = , distance { $distance }
report-known = ↳ already reported as { $tag } on { $date }; status: { $status }
