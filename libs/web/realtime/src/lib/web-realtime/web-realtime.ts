import { Component } from '@angular/core';

@Component({
  selector: 'hyp-web-realtime',
  imports: [],
  templateUrl: './web-realtime.html',
  styleUrl: './web-realtime.css',
})
export class WebRealtime {}
