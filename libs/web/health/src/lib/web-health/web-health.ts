import { Component } from '@angular/core';

@Component({
  selector: 'hyp-web-health',
  imports: [],
  templateUrl: './web-health.html',
  styleUrl: './web-health.css',
})
export class WebHealth {}
